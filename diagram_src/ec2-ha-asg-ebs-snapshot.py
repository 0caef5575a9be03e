"""ASG lifecycle hooks carry an EBS volume's data to a replacement in another AZ, through a snapshot."""
from diagrams.aws.compute import EC2, EC2AutoScaling, Lambda
from diagrams.aws.integration import Eventbridge
from diagrams.aws.management import SystemsManagerRunCommand
from diagrams.aws.storage import EBS, ElasticBlockStoreEBSSnapshot

from guidebuild.authoring import Cluster, Diagram, Edge, Fail, Step

PAGE = "254-ec2-high-availability.md"

with Diagram(
    "Carrying an EBS volume across AZs with lifecycle hooks and a snapshot",
    graph_attr={"nodesep": "0.3", "ranksep": "0.4"},
    steps=[
        Step("The ASG decides to terminate the instance (failed health check, AZ failure, scale-in) and holds "
             "it in `Terminating:Wait`.", edges=["terminate"]),
        Step("The terminate lifecycle hook emits an event; an EventBridge rule matching `EC2 Instance-terminate "
             "Lifecycle Action` invokes the hook handler, a Lambda function.", edges=["hook-event", "handler"]),
        Step("A Lambda function cannot run anything inside the instance, so the handler calls `ssm:SendCommand`: "
             "Systems Manager Run Command runs `AWS-RunShellScript` on the instance (through its agent, as root; "
             "the instance profile has `AmazonSSMManagedInstanceCore`), which flushes and stops the database "
             "cleanly. Alternative: the instance's own shutdown script, watching `autoscaling/target-lifecycle-state`.",
             edges=["send-command", "clean-stop"]),
        Step("Once the command has finished (or timed out on an impaired instance), the handler snapshots the data "
             "volume, tags the snapshot and calls `CompleteLifecycleAction`: the instance terminates. Its execution "
             "role allows `ssm:SendCommand`, `ec2:CreateSnapshot`, `ec2:CreateTags` and "
             "`autoscaling:CompleteLifecycleAction`.",
             edges=["snapshot"], nodes=["handler"]),
        Step("The ASG launches a replacement, possibly in another AZ, and holds it in `Pending:Wait`. By default "
             "it does not wait for the old instance to finish terminating, so the two hooks can run at the same time.",
             edges=["launch"]),
        Step("The new instance's user data (run by EC2 at first boot) waits for the completed snapshot, creates a "
             "volume from it in its own AZ (a volume attaches only within its AZ; snapshots are regional), then "
             "attaches and mounts it. Its instance profile allows `ec2:CreateVolume` and `ec2:AttachVolume`.",
             edges=["restore", "attach"]),
        Step("The script starts the database, re-associates the Elastic IP (`ec2:AssociateAddress`) and completes "
             "the lifecycle action (`autoscaling:CompleteLifecycleAction`): the instance goes `InService`.",
             nodes=["new"]),
    ],
) as diagram:
    asg = EC2AutoScaling("ASG 1/1/1", nodeid="asg", URL=f"{PAGE}#ec2-ha-asg-ebs-snapshot",
                         tooltip="Pauses instances at terminate and at launch with lifecycle hooks (one hour by "
                                 "default, extendable with heartbeats).")
    with Cluster("AZ a") as az_a:
        old = EC2("Instance\n(Terminating:Wait)", nodeid="old", URL=f"{PAGE}#ec2-ha-asg-ebs-snapshot",
                  tooltip="Held by the terminate hook while Run Command stops its database and the handler "
                          "snapshots its volume.")
        vol_a = EBS("Data volume", nodeid="vol-a", URL=f"{PAGE}#prc-ebs-snapshot-az",
                    tooltip="Bound to AZ a: it cannot be attached to an instance in AZ b.")
        az_a.same_rank(old, vol_a)
    events = Eventbridge("Lifecycle\nhook event", nodeid="events", URL=f"{PAGE}#prc-ebs-snapshot-az",
                         tooltip="Emitted when an instance enters Terminating:Wait; a rule matching the terminate "
                                 "lifecycle action routes it to the handler.")
    handler = Lambda("Hook handler", nodeid="handler", URL=f"{PAGE}#ec2-ha-asg-ebs-snapshot",
                     tooltip="Calls AWS APIs only: sends the Run Command, snapshots and tags the volume, then "
                             "calls CompleteLifecycleAction, with its execution role.")
    run_command = SystemsManagerRunCommand("Run Command", nodeid="run-command",
                                           URL=f"{PAGE}#ec2-ha-asg-ebs-snapshot",
                                           tooltip="Runs the clean-stop script inside the instance through the "
                                                   "Systems Manager agent; needs a managed node.")
    snap = ElasticBlockStoreEBSSnapshot("Snapshot\n(regional)", nodeid="snap", URL=f"{PAGE}#prc-ebs-snapshot-az",
                                        tooltip="Stored at the Region level: a new volume can be created from it "
                                                "in any AZ.")
    with Cluster("AZ b") as az_b:
        new = EC2("Replacement\n(Pending:Wait)", nodeid="new", URL=f"{PAGE}#ec2-ha-asg-ebs-snapshot",
                  tooltip="Its user data restores the volume, starts the database and claims the EIP, then "
                          "completes the lifecycle action.")
        vol_b = EBS("Restored volume", nodeid="vol-b", URL=f"{PAGE}#prc-ebs-snapshot-az",
                    tooltip="Created from the snapshot in AZ b. Anything written after the snapshot is lost.")
        az_b.same_rank(new, vol_b)

    # The hook's automation stacked in one column: in a row it made the drawing too wide to read.
    # Not in the phone twin, which runs top to bottom and would put the three side by side.
    diagram.same_rank(events, handler, run_command, wide_only=True)

    # Into the instance from the side, under the "AZ a" title (from above it ran through it); the edges
    # within one rank carry an xlabel: a label would be drawn across its own edge.
    asg >> Fail("terminate", id="terminate", headport="w") >> old
    asg >> Edge(label="hook", id="hook-event") >> events
    events >> Edge(xlabel="invoke", id="handler") >> handler
    handler >> Edge(xlabel="SendCommand", id="send-command") >> run_command
    run_command >> Edge(label="stop the\ndatabase", id="clean-stop") >> old
    vol_a >> Edge(label="CreateSnapshot", id="snapshot") >> snap
    asg >> Edge(label="launch", id="launch") >> new
    snap >> Edge(label="CreateVolume", id="restore") >> vol_b
    vol_b >> Edge(xlabel="attach,\nmount", id="attach") >> new
