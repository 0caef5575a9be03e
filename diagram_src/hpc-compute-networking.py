"""Tightly coupled HPC: nodes packed in a cluster placement group, MPI over EFA's OS bypass, ordinary
IP traffic over ENA."""
from diagrams.aws.compute import EC2
from diagrams.aws.storage import S3

from guidebuild.authoring import Cluster, Diagram, Edge, Step

PAGE = "253-hpc.md"

with Diagram(
    "HPC compute and networking: placement group, EFA and ENA",
    steps=[
        Step("A tightly coupled job runs on nodes in a cluster placement group: packed close together inside "
             "one Availability Zone, for the lowest latency and highest throughput between them.",
             nodes=["node1", "node2", "node3"]),
        Step("MPI ranks (or NCCL for machine learning) exchange messages through libfabric and the Elastic "
             "Fabric Adapter, bypassing the operating system's TCP/IP stack. OS bypass is Linux only.",
             edges=["mpi-12", "mpi-23"]),
        Step("Ordinary IP traffic, such as reading input from S3, goes over ENA enhanced networking (SR-IOV): "
             "every EFA is also an ENA.", edges=["ena"]),
        Step("The trade-off: the whole group shares one AZ, so an AZ problem stops the job (checkpoint to shared "
             "storage). Intel 82599 VF enhanced networking (10 Gbps) is legacy, on old instance types only.",
             nodes=["node1", "node2", "node3"]),
    ],
):
    with Cluster("Availability Zone"):
        with Cluster("Cluster placement group"):
            node1 = EC2("Node 1\nEFA", nodeid="node1", URL=f"{PAGE}#prc-efa-os-bypass",
                        tooltip="Compute or GPU optimized instance with an EFA (On-Demand, or Spot for "
                                "interruption-tolerant jobs); its MPI traffic bypasses the OS.")
            node2 = EC2("Node 2\nEFA", nodeid="node2", URL=f"{PAGE}#prc-cluster-placement",
                        tooltip="Placed close to the others inside one AZ by the cluster placement group.")
            node3 = EC2("Node 3\nEFA", nodeid="node3", URL=f"{PAGE}#prc-ena-bandwidth",
                        tooltip="Also uses the adapter as a plain ENA for IP traffic (S3, the internet).")
    s3 = S3("S3 input data", nodeid="s3", URL=f"{PAGE}#hpc-storage",
            tooltip="Reached over normal TCP/IP through ENA: high bandwidth, but not OS bypass.")

    node1 >> Edge(label="MPI over EFA\n(OS bypass)", id="mpi-12", dir="both") >> node2
    node2 >> Edge(label="MPI over EFA", id="mpi-23", dir="both") >> node3
    node3 >> Edge(label="TCP/IP over ENA", id="ena") >> s3
