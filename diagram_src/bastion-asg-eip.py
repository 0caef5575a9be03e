"""One bastion that comes back by itself: ASG 1/1/1 across two AZs, Elastic IP attached by user data."""
from diagrams.aws.compute import EC2, EC2AutoScaling, EC2ElasticIpAddress
from diagrams.aws.general import User
from diagrams.aws.security import IAMRole

from guidebuild.authoring import Cluster, Diagram, Edge, Fail, Step

PAGE = "255-bastion-hosts.md"
# Room either side of a bastion: edges come in at its middle, clear of the AZ title at the top left.
AZ = {"margin": "16"}

with Diagram(
    "A single bastion in an Auto Scaling group with an Elastic IP",
    direction="TB",
    steps=[
        Step("Administrators SSH to the bastion's Elastic IP, which they always use, and hop on to private "
             "instances.", edges=["ssh", "before", "hop"]),
        Step("The bastion or its AZ fails; the ASG's health check marks it unhealthy and replaces it.",
             edges=["replace"]),
        Step("The ASG (min 1 / max 1 / desired 1 across two AZs) launches a new bastion in a public subnet, in "
             "the other AZ if needed.", edges=["launch"]),
        Step("Its user data script re-associates the Elastic IP; the instance role allows "
             "`ec2:AssociateAddress`.", edges=["role", "associate"]),
        Step("A few minutes later administrators reconnect to the same address. Restore the SSH host keys at "
             "boot (for example from Secrets Manager) to avoid a host-key warning.",
             edges=["ssh", "associate", "hop-new"]),
    ],
):
    admin = User("Administrators", nodeid="admin", URL=f"{PAGE}#bastion-asg-eip",
                 tooltip="Always connect to the same Elastic IP.")
    eip = EC2ElasticIpAddress("Elastic IP", nodeid="eip", URL=f"{PAGE}#bastion-asg-eip",
                              tooltip="The fixed entry point; the bastion security group allows port 22 from "
                                      "corporate ranges only.")
    with Cluster("VPC"):
        with Cluster("ASG 1/1/1 across two AZs\n(public subnets)"):
            asg = EC2AutoScaling("ASG", nodeid="asg", URL=f"{PAGE}#bastion-asg-eip",
                                 tooltip="Keeps exactly one healthy bastion, in either AZ.")
            with Cluster("AZ a", graph_attr=AZ):
                old = EC2("Bastion\n(failed)", nodeid="old", URL=f"{PAGE}#bastion-asg-eip",
                          tooltip="Lost with its AZ or its health check; nothing on it needs saving.")
            with Cluster("AZ b", graph_attr=AZ):
                new = EC2("New bastion", nodeid="new", URL=f"{PAGE}#bastion-asg-eip",
                          tooltip="Boots from the launch template; user data attaches the Elastic IP.")
        app = EC2("Private\ninstances", nodeid="app", URL=f"{PAGE}#baseline",
                  tooltip="Accept SSH only from the bastion's security group.")
    role = IAMRole("Instance role", nodeid="role", URL=f"{PAGE}#bastion-asg-eip",
                   tooltip="Allows ec2:AssociateAddress, so the user data script can claim the EIP.")

    admin >> Edge(label="SSH :22", id="ssh") >> eip
    eip >> Edge(label="before", id="before") >> old
    old >> Edge(label="SSH", id="hop") >> app
    asg >> Fail("unhealthy:\nreplace", id="replace") >> old
    asg >> Edge(label="launch", id="launch") >> new
    role >> Edge(label="instance\nprofile", id="role") >> new
    # Into the new bastion from the side: from above it ran through the "AZ b" title.
    eip >> Edge(label="re-associated\nby user data", id="associate", style="dashed", headport="w") >> new
    new >> Edge(label="SSH", id="hop-new") >> app
