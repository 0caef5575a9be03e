"""ASG lifecycle hooks carry an EBS volume's data to a replacement in another AZ, through a snapshot."""
from diagrams.aws.compute import EC2, EC2AutoScaling, Lambda
from diagrams.aws.integration import Eventbridge
from diagrams.aws.storage import EBS, ElasticBlockStoreEBSSnapshot

from guidebuild.authoring import Cluster, Diagram, Edge, Fail, Step

PAGE = "254-ec2-high-availability.md"

with Diagram(
    "Carrying an EBS volume across AZs with lifecycle hooks and a snapshot",
    graph_attr={"nodesep": "0.3", "ranksep": "0.4"},
    steps=[
        Step("The ASG decides to terminate the instance (failed health check, AZ failure, scale-in) and holds "
             "it in `Terminating:Wait`.", edges=["terminate"]),
        Step("The terminate lifecycle hook emits an event (EventBridge, or a notification to SNS or SQS) that "
             "invokes a Lambda function (or a script).", edges=["hook-event", "handler"]),
        Step("The function stops the database cleanly if it can, snapshots the data volume and tags the "
             "snapshot, then calls `CompleteLifecycleAction`: the instance terminates.",
             edges=["snapshot"], nodes=["handler"]),
        Step("The ASG launches a replacement, possibly in another AZ, and holds it in `Pending:Wait`.",
             edges=["launch"]),
        Step("A script creates a volume from the latest tagged snapshot in the new instance's AZ (a volume "
             "attaches only within its AZ; snapshots are regional), then attaches and mounts it.",
             edges=["restore", "attach"]),
        Step("The script starts the database, re-associates the Elastic IP and completes the lifecycle "
             "action: the instance goes `InService`.", nodes=["new"]),
    ],
):
    asg = EC2AutoScaling("ASG 1/1/1", nodeid="asg", URL=f"{PAGE}#ec2-ha-asg-ebs-snapshot",
                         tooltip="Pauses instances at terminate and at launch with lifecycle hooks (one hour by "
                                 "default, extendable with heartbeats).")
    with Cluster("AZ a") as az_a:
        old = EC2("Instance\n(Terminating:Wait)", nodeid="old", URL=f"{PAGE}#ec2-ha-asg-ebs-snapshot",
                  tooltip="Held by the terminate hook until the snapshot has started.")
        vol_a = EBS("Data volume", nodeid="vol-a", URL=f"{PAGE}#prc-ebs-snapshot-az",
                    tooltip="Bound to AZ a: it cannot be attached to an instance in AZ b.")
        az_a.same_rank(old, vol_a)
    events = Eventbridge("Lifecycle\nhook event", nodeid="events", URL=f"{PAGE}#prc-ebs-snapshot-az",
                         tooltip="Emitted when an instance enters Terminating:Wait or Pending:Wait.")
    handler = Lambda("Hook handler", nodeid="handler", URL=f"{PAGE}#ec2-ha-asg-ebs-snapshot",
                     tooltip="Snapshots and tags the volume, then calls CompleteLifecycleAction.")
    snap = ElasticBlockStoreEBSSnapshot("Snapshot\n(regional)", nodeid="snap", URL=f"{PAGE}#prc-ebs-snapshot-az",
                                        tooltip="Stored at the Region level: a new volume can be created from it "
                                                "in any AZ.")
    with Cluster("AZ b") as az_b:
        new = EC2("Replacement\n(Pending:Wait)", nodeid="new", URL=f"{PAGE}#ec2-ha-asg-ebs-snapshot",
                  tooltip="Waits until its volume is attached and mounted, then goes InService.")
        vol_b = EBS("Restored volume", nodeid="vol-b", URL=f"{PAGE}#prc-ebs-snapshot-az",
                    tooltip="Created from the snapshot in AZ b. Anything written after the snapshot is lost.")
        az_b.same_rank(new, vol_b)

    asg >> Fail("terminate", id="terminate") >> old
    asg >> Edge(label="hook", id="hook-event") >> events
    events >> Edge(label="invoke", id="handler") >> handler
    vol_a >> Edge(label="CreateSnapshot", id="snapshot") >> snap
    asg >> Edge(label="launch", id="launch") >> new
    snap >> Edge(label="CreateVolume", id="restore") >> vol_b
    vol_b >> Edge(label="attach,\nmount", id="attach") >> new
