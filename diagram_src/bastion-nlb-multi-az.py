"""Highly available SSH entry point: an internet-facing NLB in front of bastions in two AZs."""
from diagrams.aws.compute import EC2
from diagrams.aws.general import User
from diagrams.aws.network import ALB, NLB

from guidebuild.authoring import Cluster, Diagram, Edge, Muted, Step

PAGE = "255-bastion-hosts.md"

with Diagram(
    "Bastion hosts in two AZs behind a Network Load Balancer",
    graph_attr={"nodesep": "0.25"},
    steps=[
        Step("Administrators SSH to the NLB's DNS name (or its static IPs). The NLB's security group allows "
             "port 22 from the corporate IP ranges only.", edges=["ssh"]),
        Step("The NLB works at layer 4: it forwards each TCP connection to a healthy bastion, in either AZ. "
             "Only the NLB is internet-facing; the bastions sit in private subnets.",
             edges=["to-a", "to-b"]),
        Step("From the bastion (or in one command with `ssh -J`), they reach the private instances, whose "
             "security group allows SSH from the bastions' security group.", edges=["hop-a", "hop-b"]),
        Step("If AZ a fails, the NLB's health checks send new connections to the bastion in AZ b.",
             edges=["to-b", "hop-b"]),
        Step("An Application Load Balancer cannot do this job: its listeners speak only HTTP and HTTPS.",
             edges=["no-alb"]),
    ],
):
    admin = User("Administrators", nodeid="admin", URL=f"{PAGE}#bastion-nlb-multi-az",
                 tooltip="Connect from corporate IP ranges, ideally with ssh -J so the key stays on the laptop.")
    alb = ALB("ALB\n(HTTP/HTTPS only)", nodeid="alb", URL=f"{PAGE}#prc-alb-http-only",
              tooltip="Layer 7 listeners for HTTP and HTTPS only: it cannot carry SSH.")
    with Cluster("VPC"):
        with Cluster("Public subnets,\nAZ a and AZ b", graph_attr={"margin": "40,8"}):
            nlb = NLB("Network Load\nBalancer", nodeid="nlb", URL=f"{PAGE}#bastion-nlb-multi-az",
                      tooltip="Internet-facing, one node per AZ, TCP listener on port 22. Its security group "
                              "(chosen at creation) allows corporate ranges.")
        with Cluster("AZ a: private subnet"):
            bastion_a = EC2("Bastion A", nodeid="bastion-a", URL=f"{PAGE}#baseline",
                            tooltip="Its security group allows port 22 from the NLB's security group only.")
            app_a = EC2("Private\ninstance", nodeid="app-a", URL=f"{PAGE}#baseline",
                        tooltip="Accepts SSH only from the bastions' security group.")
        with Cluster("AZ b: private subnet"):
            bastion_b = EC2("Bastion B", nodeid="bastion-b", URL=f"{PAGE}#baseline",
                            tooltip="Same as bastion A, in the other AZ: either can fail.")
            app_b = EC2("Private\ninstance", nodeid="app-b", URL=f"{PAGE}#baseline",
                        tooltip="Accepts SSH only from the bastions' security group.")

    admin >> Edge(label="SSH :22", id="ssh") >> nlb
    nlb >> Edge(label="TCP 22", id="to-a") >> bastion_a
    nlb >> Edge(label="TCP 22", id="to-b") >> bastion_b
    bastion_a >> Edge(label="SSH", id="hop-a") >> app_a
    bastion_b >> Edge(label="SSH", id="hop-b") >> app_b
    admin >> Muted("no SSH", id="no-alb") >> alb
