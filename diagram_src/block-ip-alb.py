"""Behind an ALB: the instance sees only the ALB, so the block goes on the ALB subnets' NACL."""
from diagrams.aws.compute import EC2
from diagrams.aws.general import User, Users
from diagrams.aws.network import ALB, Nacl

from guidebuild.authoring import Cluster, Diagram, Edge, Fail, Step

PAGE = "252-blocking-an-ip.md"

with Diagram(
    "Blocking an IP in front of an Application Load Balancer",
    graph_attr={"ranksep": "0.35"},
    steps=[
        Step("Clients connect to the ALB. The NACL of the ALB's subnets still sees each client's own IP.",
             edges=["clients-in", "to-alb"]),
        Step("The ALB terminates the connection and opens a new one to the target. The instance sees the ALB's "
             "private IP; the client's IP is only in the `X-Forwarded-For` header.", edges=["to-instance"]),
        Step("Block the address where it is still visible: a DENY rule in the NACL of the ALB's subnets drops "
             "it before it reaches the load balancer.", edges=["blocked"]),
        Step("The instance's security group only allows the ALB's security group: that keeps instances safe "
             "from direct access, but it cannot tell clients apart.", nodes=["instance"]),
    ],
):
    bad = User("Bad actor\n203.0.113.7", nodeid="bad", URL=f"{PAGE}#block-ip-alb",
               tooltip="Connects to the ALB like any client.")
    clients = Users("Other clients", nodeid="clients", URL=f"{PAGE}#block-ip-alb",
                    tooltip="Legitimate traffic that must keep flowing.")
    with Cluster("VPC"):
        with Cluster("Public subnets\n(ALB)", graph_attr={"margin": "40,8"}):
            nacl = Nacl("NACL\nDENY 203.0.113.7", nodeid="nacl", URL=f"{PAGE}#block-ip-alb",
                        tooltip="The NACL of the ALB's subnets: the last place that sees the client's address "
                                "as the packets' source.")
            with Cluster("ALB SG"):
                alb = ALB("ALB", nodeid="alb", URL=f"{PAGE}#block-ip-alb",
                          tooltip="Layer 7: terminates the client's connection and opens its own to the target, "
                                  "adding X-Forwarded-For.")
        with Cluster("Private subnet"):
            with Cluster("SG: from ALB SG"):
                instance = EC2("EC2 instance", nodeid="instance", URL=f"{PAGE}#block-ip-alb",
                               tooltip="Sees every request coming from the ALB's private IP; its security group "
                                       "allows only the ALB's security group.")

    clients >> Edge(label="HTTPS", id="clients-in") >> nacl
    nacl >> Edge(label="allowed", id="to-alb") >> alb
    alb >> Edge(label="new conn.\nX-Forwarded-For", id="to-instance") >> instance
    bad >> Fail("dropped", id="blocked") >> nacl
