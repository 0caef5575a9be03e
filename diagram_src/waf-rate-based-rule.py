"""A request's path through a web ACL with an IP set rule and a rate-based rule."""
from diagrams.aws.analytics import KinesisDataFirehose
from diagrams.aws.compute import EC2
from diagrams.aws.general import GenericFirewall
from diagrams.aws.network import ALB
from diagrams.aws.security import WAF, WAFFilteringRule
from diagrams.onprem.client import Client

from guidebuild.authoring import Cluster, Diagram, Edge, Step

PAGE = "waf.md"
FAIL = "#c0392b"
LINK = "#7b8894"

with Diagram(
    "A rate-based rule in a web ACL",
    direction="LR",
    steps=[
        Step("A normal client and a flooding client both send requests; the protected resource (an ALB here, or "
             "CloudFront, API Gateway...) hands each request to its web ACL.",
             nodes=["user", "flood", "resource"], edges=["req-user", "req-flood", "inspect"]),
        Step("Rules run in priority order. Priority 1 matches the source IP against an IP set of known bad "
             "addresses and blocks them at once; every other request continues to the next rule.",
             nodes=["ipset", "ratebased"], edges=["ip-next"]),
        Step("The rate-based rule counts requests per aggregation key (here the client IP) over its evaluation "
             "window (60, 120, 300 or 600 s). Under the limit it does not match, so the web ACL's default action "
             "(Allow) sends the request to the application.",
             nodes=["ratebased", "app"], edges=["under"]),
        Step("A client over the limit matches: its further requests get the rule's action (Block with a 403, or "
             "CAPTCHA, Challenge or Count) until its rate falls back under the limit. A rate-based rule cannot Allow.",
             nodes=["ratebased", "blocked"], edges=["over"]),
        Step("The web ACL logs every decision to its one logging destination (a name starting with "
             "aws-waf-logs-) and publishes CloudWatch metrics per rule.",
             nodes=["logs"], edges=["log"]),
    ],
):
    user = Client("Normal client", nodeid="user", URL=f"{PAGE}#rate-based",
                  tooltip="Stays under the limit: every request reaches the application.")
    flood = Client("Flooding client", nodeid="flood", URL=f"{PAGE}#rate-based",
                   tooltip="Sends far more requests than the limit in the evaluation window (scraper, brute force, "
                           "HTTP flood).")
    resource = ALB("Protected resource\n(ALB)", nodeid="resource", URL=f"{PAGE}#where-it-attaches",
                   tooltip="Associated with the web ACL; asks AWS WAF for a verdict on every request.")
    with Cluster("Web ACL (rules in\npriority order, default\naction Allow)"):
        ipset = WAF("1. IP set rule\n(block list)", nodeid="ipset", URL=f"{PAGE}#ip-sets",
                    tooltip="Matches the source IP (or X-Forwarded-For) against up to 10,000 addresses or CIDR "
                            "ranges; action Block.")
        ratebased = WAFFilteringRule("2. Rate-based rule\nlimit per IP, 5 min", nodeid="ratebased",
                                     URL=f"{PAGE}#rate-based",
                                     tooltip="Counts requests per aggregation key over the evaluation window; "
                                             "minimum limit 10. Optional scope-down statement, e.g. only /login.")
    app = EC2("Application", nodeid="app", URL=f"{PAGE}#web-acls",
              tooltip="Receives only requests that no terminating rule stopped (default action Allow).")
    blocked = GenericFirewall("403 Forbidden\n(or CAPTCHA)", nodeid="blocked", URL=f"{PAGE}#rate-based",
                              tooltip="Requests over the limit get the rule action; a custom response code and body "
                                      "are possible.")
    logs = KinesisDataFirehose("aws-waf-logs-*\n(Firehose, S3 or\nCloudWatch Logs)", nodeid="logs",
                               URL=f"{PAGE}#logging",
                               tooltip="One logging destination per web ACL; its name must start with "
                                       "aws-waf-logs-. Filter and redact fields to control cost.")

    user >> Edge(id="req-user") >> resource
    flood >> Edge(id="req-flood", color=FAIL) >> resource
    resource >> Edge(label="inspect", id="inspect") >> ipset
    ipset >> Edge(label="no match", id="ip-next") >> ratebased
    ratebased >> Edge(label="under limit:\ndefault Allow", id="under") >> app
    ratebased >> Edge(label="over limit:\nBlock", id="over", style="dashed", color=FAIL, fontcolor=FAIL) >> blocked
    resource >> Edge(label="log", id="log", style="dashed", color=LINK) >> logs
