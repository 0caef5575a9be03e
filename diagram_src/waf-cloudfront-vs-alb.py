"""Where a web ACL sits: globally on a CloudFront distribution, regionally on an ALB, never on an NLB."""
from diagrams.aws.compute import EC2
from diagrams.aws.network import ALB, NLB, CloudFront
from diagrams.aws.security import WAF
from diagrams.onprem.client import Users

from guidebuild.authoring import Cluster, Diagram, Edge, Step

PAGE = "waf.md"
FAIL = "#c0392b"
LINK = "#7b8894"

with Diagram(
    "A web ACL on CloudFront vs on an ALB",
    direction="LR",
    # Columns closer than the default: at 12 px labels the drawing fits a desktop column.
    graph_attr={"ranksep": "0.25"},
    steps=[
        Step("Global scope: a viewer's request reaches the nearest edge location, where the CloudFront web ACL "
             "(created in us-east-1) inspects it before the cache and before your Region.",
             nodes=["viewers-cf", "cf", "acl-cf"], edges=["req-cf", "assoc-cf"]),
        Step("Allowed requests are served from the cache or forwarded to the origin ALB; blocked ones get a 403 "
             "at the edge and never reach your VPC.",
             nodes=["cf", "alb-origin", "app-cf"], edges=["origin", "targets-cf"]),
        Step("Regional scope: the web ACL is created in the ALB's Region and associated with it; the ALB hands "
             "every request to WAF before routing it. WAF sees the client's IP address as the source.",
             nodes=["viewers-alb", "alb", "acl-alb"], edges=["req-alb", "assoc-alb"]),
        Step("Allowed requests go on to the targets; blocked ones get a 403 from the ALB.",
             nodes=["alb", "app-alb"], edges=["targets-alb"]),
        Step("A Network Load Balancer cannot be associated with a web ACL. To block one client there, add a "
             "network ACL deny rule on its subnets (a security group only allows: it can narrow who may connect "
             "but cannot deny one IP), or put CloudFront or an ALB in front.",
             nodes=["acl-nlb", "nlb"], edges=["no-nlb"]),
    ],
):
    # Graphviz stacks these clusters bottom-up in definition order: the NLB case goes at the bottom.
    with Cluster("Not possible: Network Load Balancer"):
        acl_nlb = WAF("Web ACL", nodeid="acl-nlb", URL=f"{PAGE}#where-it-attaches",
                      tooltip="There is no association between AWS WAF and an NLB: it works at layer 4 and never "
                              "sees HTTP requests.")
        nlb = NLB("Network\nLoad Balancer", nodeid="nlb", URL="252-blocking-an-ip.md#block-ip-nlb",
                  tooltip="Layer 4 (TCP/UDP/TLS). Block one client with a network ACL deny rule on its "
                          "subnets; its security group can only allow, never deny a single IP.")
        acl_nlb >> Edge(label="cannot associate", id="no-nlb", style="dashed", color=FAIL, fontcolor=FAIL) >> nlb

    with Cluster("Regional: web ACL on an Application Load Balancer"):
        viewers_alb = Users("Clients", nodeid="viewers-alb", URL=f"{PAGE}#where-it-attaches",
                            tooltip="Clients that reach the load balancer directly, without CloudFront.")
        acl_alb = WAF("Web ACL\n(REGIONAL scope,\nsame Region)", nodeid="acl-alb", URL=f"{PAGE}#web-acls",
                      tooltip="Regional web ACL in the ALB's Region. One web ACL per resource; one web ACL "
                              "can serve many ALBs.")
        alb = ALB("Application\nLoad Balancer", nodeid="alb", URL=f"{PAGE}#where-it-attaches",
                  tooltip="Sends each request to its web ACL before routing; WAF sees the client IP as the source.")
        app_alb = EC2("Targets", nodeid="app-alb", URL="252-blocking-an-ip.md#block-ip-alb-waf",
                      tooltip="Application instances; their security group allows only the ALB's security group.")
        viewers_alb >> Edge(label="HTTPS", id="req-alb") >> alb
        acl_alb >> Edge(label="associated", id="assoc-alb", style="dashed", color=LINK) >> alb
        alb >> Edge(label="allowed", id="targets-alb") >> app_alb

    with Cluster("Global: web ACL on a CloudFront distribution"):
        viewers_cf = Users("Viewers\nworldwide", nodeid="viewers-cf", URL=f"{PAGE}#where-it-attaches",
                           tooltip="Clients anywhere in the world; their requests land on the nearest edge location.")
        acl_cf = WAF("Web ACL\n(CLOUDFRONT\nscope, us-east-1)", nodeid="acl-cf", URL=f"{PAGE}#web-acls",
                     tooltip="Global web ACL: created in US East (N. Virginia) and evaluated at every edge location.")
        cf = CloudFront("CloudFront\ndistribution", nodeid="cf", URL=f"{PAGE}#where-it-attaches",
                        tooltip="Runs the web ACL at the edge, before the cache; only allowed requests reach the origin.")
        alb_origin = ALB("ALB (origin)", nodeid="alb-origin", URL="252-blocking-an-ip.md#block-ip-cloudfront-waf",
                         tooltip="Origin behind CloudFront: its security group allows only the CloudFront "
                                 "origin-facing prefix list.")
        app_cf = EC2("Targets", nodeid="app-cf", URL="252-blocking-an-ip.md#block-ip-cloudfront-waf",
                     tooltip="Application instances; they only ever see traffic that passed the edge web ACL.")
        viewers_cf >> Edge(label="HTTPS", id="req-cf") >> cf
        acl_cf >> Edge(label="associated", id="assoc-cf", style="dashed", color=LINK) >> cf
        cf >> Edge(label="allowed,\ncache miss", id="origin") >> alb_origin
        alb_origin >> Edge(id="targets-cf") >> app_cf
