"""Running HPC jobs: AWS Batch multi-node parallel jobs, or a Slurm cluster built by ParallelCluster
(or managed by AWS PCS)."""
from diagrams.aws.compute import EC2, Batch, EC2Instances
from diagrams.aws.general import User
from diagrams.aws.management import CloudformationStack, CommandLineInterface

from guidebuild.authoring import Box, Cluster, Diagram, Edge, Muted, Step

PAGE = "253-hpc.md"

with Diagram(
    "HPC orchestration: AWS Batch or ParallelCluster",
    direction="TB",
    graph_attr={"nodesep": "0.3", "ranksep": "0.35"},
    steps=[
        Step("AWS Batch: the user submits a multi-node parallel job to a job queue.", edges=["submit"]),
        Step("Batch launches all the job's nodes together in its compute environment: node 0 is the main "
             "node, the others are children.", edges=["launch"]),
        Step("The nodes run as one job and talk to each other, for example over MPI.", edges=["mpi"]),
        Step("ParallelCluster: the user describes a cluster in a YAML file and runs `pcluster create-cluster`.",
             edges=["configure"]),
        Step("ParallelCluster deploys it with CloudFormation: a head node running the Slurm controller, and "
             "queues of compute nodes.", edges=["deploy", "head"]),
        Step("Jobs submitted with `sbatch` on the head node make Slurm scale compute nodes out, and back in "
             "when idle.", edges=["scale"]),
        Step("Want Slurm without running the controller? AWS Parallel Computing Service (AWS PCS) manages it "
             "for you.", edges=["managed"]),
    ],
):
    user = User("HPC user", nodeid="user", URL=f"{PAGE}#hpc-orchestration",
                tooltip="A researcher or engineer with jobs to run.")
    with Cluster("AWS Batch"):
        batch = Batch("Job queue", nodeid="batch", URL=f"{PAGE}#hpc-orchestration",
                      tooltip="Schedules jobs and launches the EC2 instances they need.")
        main = EC2("Main node", nodeid="main", URL=f"{PAGE}#hpc-orchestration",
                   tooltip="Node 0 of a multi-node parallel job.")
        children = EC2Instances("Child nodes", nodeid="children", URL=f"{PAGE}#hpc-orchestration",
                                tooltip="Launched together with the main node (gang scheduling).")
    with Cluster("AWS ParallelCluster"):
        cli = CommandLineInterface("pcluster CLI\n+ YAML config", nodeid="cli", URL=f"{PAGE}#prc-parallelcluster-pcs",
                                   tooltip="Open-source tool; version 3 uses a YAML configuration and the Slurm "
                                           "scheduler.")
        stack = CloudformationStack("CloudFormation\nstack", nodeid="stack", URL=f"{PAGE}#prc-parallelcluster-pcs",
                                    tooltip="What ParallelCluster creates underneath: head node, queues, "
                                            "shared storage, networking.")
        head = EC2("Head node\n(Slurm)", nodeid="head", URL=f"{PAGE}#prc-parallelcluster-pcs",
                   tooltip="Runs the Slurm controller; users log in and submit jobs here.")
        fleet = EC2Instances("Compute nodes", nodeid="fleet", URL=f"{PAGE}#prc-parallelcluster-pcs",
                             tooltip="Launched on demand for queued jobs and terminated when idle.")
    pcs = Box("AWS PCS\n(managed Slurm)", nodeid="pcs", service="AWS Parallel Computing Service",
              URL=f"{PAGE}#prc-parallelcluster-pcs",
              tooltip="Managed Slurm controller; you define queues and compute node groups. Recommended for "
                      "new HPC workloads.")

    user >> Edge(label="submit\njob", id="submit") >> batch
    batch >> Edge(label="launch", id="launch") >> main
    main >> Edge(label="MPI", id="mpi", dir="both") >> children
    user >> Edge(label="create-cluster", id="configure") >> cli
    cli >> Edge(id="deploy") >> stack
    stack >> Edge(id="head") >> head
    head >> Edge(label="scale", id="scale") >> fleet
    user >> Muted("or", id="managed") >> pcs
