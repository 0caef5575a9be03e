"""An Auto Scaling group of exactly one instance across two AZs; the new instance's user data
re-associates the Elastic IP."""
from diagrams.aws.compute import EC2, EC2AutoScaling, EC2ElasticIpAddress
from diagrams.aws.general import Users
from diagrams.aws.security import IAMRole

from guidebuild.authoring import Cluster, Diagram, Edge, Fail, Step

PAGE = "254-ec2-high-availability.md"

with Diagram(
    "EC2 high availability with an Auto Scaling group of one and an Elastic IP",
    direction="TB",
    steps=[
        Step("Clients use the Elastic IP, associated with the only instance of the group.",
             edges=["connect", "before"]),
        Step("The instance (or its whole AZ) fails its health check; the ASG, min 1 / max 1 / desired 1, "
             "terminates it.", edges=["replace"]),
        Step("The ASG launches a replacement, in the other AZ if needed. No alarm and no Lambda function: the "
             "group detects and replaces.", edges=["launch"]),
        Step("At boot, the user data script reads its instance ID (IMDSv2) and calls "
             "`aws ec2 associate-address`; the instance profile's role allows `ec2:AssociateAddress`.",
             edges=["role", "associate"]),
        Step("Clients reconnect to the same IP after a few minutes. Cheapest option, for stateless instances.",
             edges=["connect", "associate"]),
    ],
):
    users = Users("Clients", nodeid="users", URL=f"{PAGE}#ec2-ha-asg-eip",
                  tooltip="Keep using one address; they wait a few minutes during a replacement.")
    eip = EC2ElasticIpAddress("Elastic IP", nodeid="eip", URL=f"{PAGE}#ec2-ha-asg-eip",
                              tooltip="Regional, so it can follow the instance to another AZ.")
    with Cluster("Auto Scaling group: min 1 / max 1 / desired 1"):
        asg = EC2AutoScaling("ASG", nodeid="asg", URL=f"{PAGE}#ec2-ha-asg-eip",
                             tooltip="Spans two AZs and keeps exactly one healthy instance.")
        with Cluster("AZ a"):
            old = EC2("Instance\n(failed)", nodeid="old", URL=f"{PAGE}#ec2-ha-asg-eip",
                      tooltip="Stateless: nothing on it needs to survive.")
        with Cluster("AZ b"):
            new = EC2("Replacement", nodeid="new", URL=f"{PAGE}#ec2-ha-asg-eip",
                      tooltip="Launched from the launch template; its user data re-associates the EIP.")
    role = IAMRole("Instance role", nodeid="role", URL=f"{PAGE}#prc-associate-address-role",
                   tooltip="Instance profile allowing ec2:AssociateAddress, ideally scoped to this EIP.")

    users >> Edge(label="same IP", id="connect") >> eip
    eip >> Edge(label="before", id="before") >> old
    asg >> Fail("unhealthy:\nterminate", id="replace") >> old
    asg >> Edge(label="launch", id="launch") >> new
    role >> Edge(label="instance\nprofile", id="role") >> new
    eip >> Edge(label="re-associated\nby user data", id="associate", style="dashed") >> new
