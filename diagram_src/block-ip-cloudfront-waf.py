"""CloudFront in front of the ALB: block at the edge (WAF IP set, geo restriction); a NACL only ever
sees CloudFront."""
from diagrams.aws.compute import EC2
from diagrams.aws.general import User, Users
from diagrams.aws.network import ALB, CloudFront, Nacl
from diagrams.aws.security import WAF

from guidebuild.authoring import Cluster, Diagram, Edge, Fail, Step

PAGE = "252-blocking-an-ip.md"

with Diagram(
    "Blocking an IP or a country with CloudFront and AWS WAF",
    steps=[
        Step("Clients connect to the nearest CloudFront edge location, outside your VPC.", edges=["clients-in"]),
        Step("A global web ACL (created in US East, N. Virginia) is associated with the distribution. Its IP "
             "set rule blocks 203.0.113.7 at the edge with 403.", edges=["associated", "blocked-ip"]),
        Step("Whole countries are blocked by CloudFront's geographic restriction (an allow or block list), or "
             "by a WAF geo match rule.", edges=["blocked-geo"]),
        Step("CloudFront opens its own connections to the ALB, from CloudFront's addresses. The ALB's security "
             "group allows only the managed prefix list `com.amazonaws.global.cloudfront.origin-facing`, and a "
             "listener rule checks a secret header.", edges=["to-nacl", "to-alb", "to-instance"]),
        Step("A NACL on the ALB's subnets is useless here: every packet's source is a CloudFront address, never "
             "the client's.", nodes=["nacl"]),
    ],
):
    bad = User("Bad actor\n203.0.113.7", nodeid="bad", URL=f"{PAGE}#block-ip-cloudfront-waf",
               tooltip="Stopped at the edge by the web ACL's IP set rule.")
    country = Users("Clients in a\nblocked country", nodeid="country", URL=f"{PAGE}#prc-cloudfront-waf-block-ip",
                    tooltip="Stopped by CloudFront's geographic restriction or a WAF geo match rule.")
    clients = Users("Other clients", nodeid="clients", URL=f"{PAGE}#block-ip-cloudfront-waf",
                    tooltip="Served by the edge, from cache or from the origin.")
    with Cluster("Edge location"):
        cdn = CloudFront("CloudFront", nodeid="cdn", URL=f"{PAGE}#block-ip-cloudfront-waf",
                         tooltip="Terminates client connections at the edge; geographic restriction blocks "
                                 "countries. Forwards the client IP in X-Forwarded-For.")
        waf = WAF("Global web ACL", nodeid="waf", URL=f"{PAGE}#prc-cloudfront-waf-block-ip",
                  tooltip="Scope CloudFront, created in us-east-1. An IP set rule blocks the address for every "
                          "edge location at once.")
    with Cluster("VPC"):
        with Cluster("Public subnets\n(ALB)"):
            nacl = Nacl("NACL\nsees CloudFront IPs", nodeid="nacl", URL=f"{PAGE}#block-ip-cloudfront-waf",
                        tooltip="Every source address here belongs to CloudFront, so a deny rule cannot single "
                                "out the client.")
            alb = ALB("ALB", nodeid="alb", URL=f"{PAGE}#prc-alb-cloudfront-only",
                      tooltip="Its security group allows only CloudFront's origin-facing prefix list; a listener "
                              "rule checks the secret header. Or use a VPC origin with an internal ALB.")
        instance = EC2("EC2", nodeid="instance", URL=f"{PAGE}#block-ip-cloudfront-waf",
                       tooltip="Receives only requests CloudFront forwarded and the ALB allowed.")

    clients >> Edge(label="HTTPS", id="clients-in") >> cdn
    bad >> Fail("403: IP set", id="blocked-ip") >> cdn
    country >> Fail("403: geo\nrestriction", id="blocked-geo") >> cdn
    waf >> Edge(label="associated", id="associated", style="dotted") >> cdn
    cdn >> Edge(label="origin request\n+ secret header", id="to-nacl") >> nacl
    nacl >> Edge(id="to-alb") >> alb
    alb >> Edge(id="to-instance") >> instance
