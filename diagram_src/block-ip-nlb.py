"""Behind an NLB: TCP passes through with the client's IP; NACLs block, the NLB's SG allow-lists,
and WAF is not an option."""
from diagrams.aws.compute import EC2
from diagrams.aws.general import User, Users
from diagrams.aws.network import NLB, Nacl
from diagrams.aws.security import WAF

from guidebuild.authoring import Cluster, Diagram, Edge, Fail, Muted, Step

PAGE = "252-blocking-an-ip.md"

with Diagram(
    "Blocking an IP in front of a Network Load Balancer",
    graph_attr={"ranksep": "0.35"},
    steps=[
        Step("Clients connect to the NLB. With a TCP or UDP listener it forwards the connection without "
             "terminating it (a TLS listener would terminate TLS).", edges=["clients-in", "to-nlb"]),
        Step("The NLB's security group (possible since August 2023, only if chosen at creation) can allow-list "
             "sources, but like any security group it cannot deny one address.", nodes=["nlb"]),
        Step("Instance targets see the client's own IP: client IP preservation is on by default for them "
             "(off by default for IP targets over TCP or TLS).", edges=["to-instance"]),
        Step("So block with a NACL DENY rule on the NLB's subnets, and also on the targets' subnets, where "
             "the packets still carry the client's address.", edges=["blocked"]),
        Step("AWS WAF cannot be attached to a Network Load Balancer: for layer 7 rules, use an ALB or "
             "CloudFront instead.", edges=["no-waf"]),
    ],
):
    bad = User("Bad actor\n203.0.113.7", nodeid="bad", URL=f"{PAGE}#block-ip-nlb",
               tooltip="Its address reaches the NLB and, with client IP preservation, the targets too.")
    clients = Users("Other clients", nodeid="clients", URL=f"{PAGE}#block-ip-nlb",
                    tooltip="Legitimate traffic that must keep flowing.")
    with Cluster("VPC"):
        with Cluster("Public subnets (NLB)"):
            nacl = Nacl("NACL\nDENY 203.0.113.7", nodeid="nacl", URL=f"{PAGE}#prc-nlb-nacl",
                        tooltip="Works here: the packets carry the client's IP. Add the same DENY to the "
                                "targets' subnets.")
            with Cluster("NLB SG (set at creation)"):
                nlb = NLB("NLB", nodeid="nlb", URL=f"{PAGE}#upd-nlb-security-groups",
                          tooltip="Layer 4. Supports security groups since August 2023, only when attached at "
                                  "creation; they allow, never deny.")
        with Cluster("Private subnet"):
            instance = EC2("EC2 instance", nodeid="instance", URL=f"{PAGE}#prc-nlb-client-ip",
                           tooltip="An instance target sees the original client IP (client IP preservation).")
    waf = WAF("AWS WAF", nodeid="waf", URL=f"{PAGE}#prc-nlb-nacl",
              tooltip="Cannot be associated with an NLB: it protects CloudFront, ALB, API Gateway, AppSync, "
                      "Cognito, App Runner, Verified Access and Amplify.")

    clients >> Edge(label="TCP", id="clients-in") >> nacl
    nacl >> Edge(label="allowed", id="to-nlb") >> nlb
    nlb >> Edge(label="client IP\npreserved", id="to-instance", tailport="e") >> instance
    bad >> Fail("dropped", id="blocked") >> nacl
    waf >> Muted("cannot attach", id="no-waf") >> nlb
