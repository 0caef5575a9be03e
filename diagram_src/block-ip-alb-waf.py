"""ALB + AWS WAF: a web ACL associated with the ALB blocks by IP set, rate, geography or managed rules."""
from diagrams.aws.compute import EC2
from diagrams.aws.general import User, Users
from diagrams.aws.network import ALB
from diagrams.aws.security import WAF, WAFFilteringRule

from guidebuild.authoring import Cluster, Diagram, Edge, Fail, Step

PAGE = "252-blocking-an-ip.md"

with Diagram(
    "Blocking an IP with AWS WAF on an Application Load Balancer",
    graph_attr={"nodesep": "0.2"},
    steps=[
        Step("A web ACL, in the ALB's Region, is associated with the load balancer. It is not a hop: the ALB "
             "evaluates its rules for every request. One web ACL per resource.", edges=["associated"]),
        Step("Normal requests pass every rule and are forwarded to the targets.",
             edges=["clients-in", "to-instance"]),
        Step("The bad actor's requests match the IP set rule and get 403 Forbidden at the ALB.",
             edges=["blocked"], nodes=["ipset"]),
        Step("A rate-based rule blocks any client sending too many requests (for example more than 1,000 in "
             "5 minutes), without knowing its IP in advance; managed rule groups stop common exploits.",
             nodes=["rate", "managed"]),
    ],
) as diagram:
    bad = User("Bad actor\n203.0.113.7", nodeid="bad", URL=f"{PAGE}#block-ip-alb-waf",
               tooltip="Its requests are inspected by the ALB against the web ACL.")
    clients = Users("Other clients", nodeid="clients", URL=f"{PAGE}#block-ip-alb-waf",
                    tooltip="Legitimate traffic that must keep flowing.")
    with Cluster("AWS WAF web ACL (regional)"):
        waf = WAF("Web ACL", nodeid="waf", URL=f"{PAGE}#prc-waf-web-acl-associated",
                  tooltip="Rules evaluated in priority order; billed per web ACL, per rule and per million "
                          "requests.")
        ipset = WAFFilteringRule("IP set rule\nBLOCK 203.0.113.7/32", nodeid="ipset", URL=f"{PAGE}#prc-waf-web-acl-associated",
                                 tooltip="Blocks the addresses listed in an IP set; edit the set, not the rule.")
        rate = WAFFilteringRule("Rate-based rule", nodeid="rate", URL=f"{PAGE}#prc-waf-web-acl-associated",
                                tooltip="Counts requests per IP (or other key) over 1 to 10 minutes and blocks "
                                        "those above the limit.")
        managed = WAFFilteringRule("Managed rules", nodeid="managed", URL=f"{PAGE}#block-ip-alb-waf",
                                   tooltip="AWS Managed Rules: core rule set, known bad inputs, IP reputation, "
                                           "Bot Control...")
    diagram.chain(waf, ipset, rate, managed)
    alb = ALB("Application\nLoad Balancer", nodeid="alb", URL=f"{PAGE}#block-ip-alb-waf",
              tooltip="Applies the associated web ACL to each request before routing it.")
    instance = EC2("EC2 targets", nodeid="instance", URL=f"{PAGE}#block-ip-alb",
                   tooltip="Only receive requests the web ACL allowed.")

    clients >> Edge(label="HTTPS", id="clients-in") >> alb
    bad >> Fail("403 Forbidden", id="blocked") >> alb
    waf >> Edge(label="associated", id="associated", style="dotted") >> alb
    alb >> Edge(label="allowed", id="to-instance") >> instance
