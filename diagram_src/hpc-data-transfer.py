"""Getting HPC data into AWS: online with DataSync (over Direct Connect), physically through a Data
Transfer Terminal; Snowball and Snowmobile are history for new customers."""
from diagrams.aws.general import Disk, TraditionalServer
from diagrams.aws.migration import Datasync, DatasyncAgent
from diagrams.aws.network import DirectConnect
from diagrams.aws.storage import EFS, FsxForLustre, S3, SnowballEdge

from guidebuild.authoring import Box, Cluster, Diagram, Edge, Muted, Step

PAGE = "253-hpc.md"

with Diagram(
    "HPC data transfer into AWS",
    graph_attr={"nodesep": "0.25"},
    steps=[
        Step("On premises, a DataSync agent (a VM next to your storage) reads the data over NFS, SMB, HDFS or "
             "an object API.", edges=["read"]),
        Step("The agent sends it over AWS Direct Connect: private, dedicated bandwidth (1, 10, 100 or 400 Gbps "
             "dedicated; 50 Mbps to 25 Gbps hosted). Not encrypted by default: add MACsec or a VPN. The "
             "internet works too.", edges=["to-dx", "dx-to-datasync"]),
        Step("DataSync writes to S3, EFS or any FSx file system, verifies what it copied, and can run on a "
             "schedule, copying only what changed.", edges=["to-s3", "to-efs", "to-fsx"]),
        Step("Too much data for the network? Bring your own storage devices to an AWS Data Transfer Terminal "
             "and upload at high speed.", edges=["carry", "upload"]),
        Step("The course's Snowball and Snowmobile: Snowmobile is retired and Snowball Edge is closed to new "
             "customers.", edges=["legacy"]),
    ],
):
    with Cluster("On premises"):
        storage = TraditionalServer("File or object\nstorage", nodeid="storage", URL=f"{PAGE}#prc-datasync-locations",
                                    tooltip="The data to move: NFS or SMB shares, HDFS, object storage.")
        agent = DatasyncAgent("DataSync\nagent", nodeid="agent", URL=f"{PAGE}#prc-datasync-locations",
                              tooltip="A VM you deploy near the storage; it reads the data and sends it to "
                                      "DataSync, encrypted in transit.")
        devices = Disk("Your storage\ndevices", nodeid="devices", URL=f"{PAGE}#upd-snow-family",
                       tooltip="Your own drives, carried to a Data Transfer Terminal.")
    dx = DirectConnect("Direct Connect", nodeid="dx", URL=f"{PAGE}#prc-dx-gbps",
                       tooltip="Private, dedicated link to AWS, measured in Gbps (not GB/s). Not encrypted by "
                               "default.")
    terminal = Box("Data Transfer\nTerminal", nodeid="terminal", service="AWS Data Transfer Terminal",
                   URL=f"{PAGE}#upd-snow-family",
                   tooltip="A secure AWS location where you plug in your devices and upload to AWS at high speed.")
    snow = SnowballEdge("Snowball Edge\n(legacy)", nodeid="snow", URL=f"{PAGE}#upd-snow-family",
                        tooltip="No longer available to new customers; Snowmobile is retired.")
    with Cluster("AWS Region"):
        datasync = Datasync("DataSync", nodeid="datasync", URL=f"{PAGE}#hpc-data-transfer",
                            tooltip="Managed online transfer: scheduling, incremental copies, integrity "
                                    "verification, bandwidth limits.")
        s3 = S3("S3", nodeid="s3", URL=f"{PAGE}#hpc-storage",
                tooltip="Durable landing zone for input data sets; FSx for Lustre can present it as files.")
        efs = EFS("EFS", nodeid="efs", URL=f"{PAGE}#hpc-storage",
                  tooltip="Shared NFS file system, a DataSync destination.")
        fsx = FsxForLustre("FSx for\nLustre", nodeid="fsx", URL=f"{PAGE}#hpc-storage",
                           tooltip="A DataSync destination like every FSx file system.")

    storage >> Edge(label="read", id="read") >> agent
    agent >> Edge(label="TLS", id="to-dx") >> dx
    dx >> Edge(id="dx-to-datasync") >> datasync
    datasync >> Edge(id="to-s3") >> s3
    datasync >> Edge(id="to-efs") >> efs
    datasync >> Edge(id="to-fsx") >> fsx
    devices >> Edge(label="carry", id="carry") >> terminal
    terminal >> Edge(label="upload", id="upload") >> s3
    snow >> Muted("no new\ncustomers", id="legacy") >> s3
