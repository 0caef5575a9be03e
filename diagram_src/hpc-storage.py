"""HPC storage: per-instance block storage, shared file systems, and FSx for Lustre linked to S3."""
from diagrams.aws.compute import EC2
from diagrams.aws.storage import EBS, EFS, FsxForLustre, MultipleVolumesResource, S3

from guidebuild.authoring import Cluster, Diagram, Edge, Step

PAGE = "253-hpc.md"

with Diagram(
    "HPC storage: block, file and object",
    graph_attr={"nodesep": "0.25"},
    steps=[
        Step("Each node can have EBS volumes: io1 up to 64,000 IOPS, io2 Block Express up to 256,000 IOPS. "
             "They survive a stop, but attach to one instance at a time (Multi-Attach aside), in one AZ.",
             edges=["ebs"]),
        Step("Instance store: millions of IOPS at very low latency, but the data is lost when the instance "
             "stops or terminates. Scratch space only.", edges=["nvme"]),
        Step("EFS: a shared NFS file system for home directories and shared files. Performance comes from "
             "throughput modes (Elastic, Provisioned, Bursting); there is no provisioned IOPS.", edges=["efs"]),
        Step("FSx for Lustre: a parallel file system with millions of IOPS and very high throughput, shared by "
             "every node for the job's working data.", edges=["lustre"]),
        Step("A data repository association links it to S3: new objects appear as files (automatic import) "
             "and results are written back as objects (automatic export).", edges=["dra"]),
    ],
):
    node = EC2("Compute node", nodeid="node", URL=f"{PAGE}#hpc-compute-networking",
               tooltip="One of the cluster's instances; mounts the shared file systems.")
    with Cluster("Attached to one instance"):
        ebs = EBS("EBS io2\nBlock Express", nodeid="ebs", URL=f"{PAGE}#prc-io2-block-express",
                  tooltip="Network block volume: up to 256,000 IOPS (io1: 64,000). Persists independently of "
                          "the instance.")
        nvme = MultipleVolumesResource("Instance store", nodeid="nvme", URL=f"{PAGE}#hpc-storage",
                                       service="Instance store volumes",
                                       tooltip="Local NVMe disks: millions of IOPS, ephemeral. Lost on stop "
                                               "or terminate.")
    with Cluster("Shared by every node"):
        efs = EFS("EFS", nodeid="efs", URL=f"{PAGE}#upd-efs-no-provisioned-iops",
                  tooltip="Managed NFS: Elastic, Provisioned or Bursting throughput; General Purpose or Max "
                          "I/O performance mode.")
        fsx = FsxForLustre("FSx for Lustre", nodeid="fsx", URL=f"{PAGE}#prc-fsx-lustre-dra",
                           tooltip="Parallel file system optimized for HPC, presenting S3 objects as files.")
    s3 = S3("S3", nodeid="s3", URL=f"{PAGE}#prc-fsx-lustre-dra",
            tooltip="Durable object storage for input and results; not a file system.")

    node >> Edge(label="block", id="ebs") >> ebs
    node >> Edge(label="local NVMe", id="nvme") >> nvme
    node >> Edge(label="NFS", id="efs") >> efs
    node >> Edge(label="Lustre client", id="lustre") >> fsx
    fsx >> Edge(label="import / export\n(DRA)", id="dra", dir="both") >> s3
