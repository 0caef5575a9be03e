"""A lone EC2 instance: the subnet's network ACL can deny one address; the security group cannot."""
from diagrams.aws.compute import EC2
from diagrams.aws.general import User, Users
from diagrams.aws.network import Nacl

from guidebuild.authoring import Cluster, Diagram, Edge, Fail, Step

PAGE = "252-blocking-an-ip.md"

with Diagram(
    "Blocking an IP in front of an EC2 instance",
    steps=[
        Step("Normal clients reach the subnet. Its network ACL checks rules in number order: no DENY matches "
             "them, rule 100 allows HTTPS.", edges=["clients-in"]),
        Step("The security group (stateful, allow rules only) lets HTTPS through to the instance. If you know "
             "every legitimate source, allow-list exactly those here.", edges=["allowed"]),
        Step("The bad actor's packets match NACL rule 90, DENY 203.0.113.7/32. It has a lower number than the "
             "ALLOW, the first match wins, and they are dropped at the subnet edge.", edges=["blocked"]),
        Step("A security group cannot say 'everyone except this address': it has no DENY rules. As a last "
             "resort, a host firewall on the instance (iptables, nftables, Windows Firewall) can drop it too.",
             nodes=["instance"]),
    ],
):
    bad = User("Bad actor\n203.0.113.7", nodeid="bad", URL=f"{PAGE}#block-ip-ec2-nacl-sg",
               tooltip="The address to block. Its packets carry its own IP all the way to the subnet.")
    clients = Users("Other clients", nodeid="clients", URL=f"{PAGE}#block-ip-ec2-nacl-sg",
                    tooltip="Everyone else must still get through: a global app cannot allow-list them.")
    with Cluster("VPC"):
        with Cluster("Public subnet"):
            nacl = Nacl("Network ACL\n90 DENY 203.0.113.7\n100 ALLOW 443", nodeid="nacl",
                        URL=f"{PAGE}#prc-nacl-sg-evaluation",
                        tooltip="Stateless, subnet-wide, allow AND deny rules, lowest number first. The first "
                                "line of defence for one address.")
            with Cluster("Security group: ALLOW rules only"):
                instance = EC2("EC2 instance", nodeid="instance", URL=f"{PAGE}#nacl-vs-sg",
                               tooltip="Sees the client's real IP. Its security group can only allow; a host "
                                       "firewall on it can still drop an address.")

    clients >> Edge(label="HTTPS", id="clients-in") >> nacl
    nacl >> Edge(label="allowed", id="allowed") >> instance
    bad >> Fail("dropped:\nrule 90", id="blocked") >> nacl
