"""A standby instance takes over the Elastic IP: CloudWatch alarm -> Lambda -> AssociateAddress."""
from diagrams.aws.compute import EC2, EC2ElasticIpAddress, Lambda
from diagrams.aws.general import Users
from diagrams.aws.management import CloudwatchAlarm

from guidebuild.authoring import Cluster, Diagram, Edge, Fail, Muted, Step

PAGE = "254-ec2-high-availability.md"

with Diagram(
    "EC2 failover: an alarm moves the Elastic IP to a standby",
    direction="TB",
    steps=[
        Step("Clients reach the service through an Elastic IP address, associated with the active instance.",
             edges=["connect", "active-traffic"]),
        Step("The active instance fails: its status check (or an application health metric) crosses the "
             "alarm threshold and the CloudWatch alarm goes to ALARM.", edges=["metric"]),
        Step("The alarm invokes the Lambda function directly (an alarm action since December 2023; no SNS topic "
             "needed). The function's resource policy allows `lambda.alarms.cloudwatch.amazonaws.com`.",
             edges=["invoke"]),
        Step("The function calls `AssociateAddress` with the EIP's allocation ID and the standby's instance "
             "ID; its role needs `ec2:AssociateAddress`.", edges=["associate"]),
        Step("Clients keep the same IP and now reach the standby, which was already running: the fastest of "
             "the three options, paid for with an idle instance.", edges=["connect", "standby-traffic"]),
    ],
):
    users = Users("Clients", nodeid="users", URL=f"{PAGE}#ec2-ha-eip-failover",
                  tooltip="Always connect to the same public address.")
    eip = EC2ElasticIpAddress("Elastic IP", nodeid="eip", URL=f"{PAGE}#ec2-ha-eip-failover",
                              tooltip="A static public IPv4 address of the Region: it can move to an instance "
                                      "in any AZ.")
    with Cluster("AZ a"):
        active = EC2("Active\ninstance", nodeid="active", URL=f"{PAGE}#ec2-ha-eip-failover",
                     tooltip="Serves traffic until it fails. Data on it is not on the standby unless you "
                             "replicate it.")
    with Cluster("AZ b"):
        standby = EC2("Standby\ninstance", nodeid="standby", URL=f"{PAGE}#ec2-ha-eip-failover",
                      tooltip="Already running and idle, ideally in another AZ: ready the moment the EIP "
                              "arrives.")
    alarm = CloudwatchAlarm("CloudWatch\nalarm", nodeid="alarm", URL=f"{PAGE}#upd-cloudwatch-alarm-lambda",
                            tooltip="Watches StatusCheckFailed or a health metric; its alarm action invokes the "
                                    "Lambda function.")
    function = Lambda("Failover\nfunction", nodeid="function", URL=f"{PAGE}#upd-cloudwatch-alarm-lambda",
                      tooltip="Calls ec2:AssociateAddress to move the EIP to the standby.")

    users >> Edge(label="same IP", id="connect") >> eip
    eip >> Edge(label="before", id="active-traffic") >> active
    active >> Fail("status check\nfailed", id="metric") >> alarm
    alarm >> Edge(label="invoke", id="invoke") >> function
    function >> Edge(label="AssociateAddress", id="associate", constraint="false") >> eip
    eip >> Muted("after failover", id="standby-traffic") >> standby
