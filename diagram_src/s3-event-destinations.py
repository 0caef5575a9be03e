"""S3 event notifications: one bucket, four kinds of destination; EventBridge for everything else."""
from diagrams.aws.compute import Lambda
from diagrams.aws.general import User
from diagrams.aws.integration import SNS, SQS, Eventbridge, StepFunctions
from diagrams.aws.storage import S3

from guidebuild.authoring import Cluster, Diagram, Edge, Step

PAGE = "250-event-processing.md"

with Diagram(
    "S3 event notifications and their destinations",
    steps=[
        Step("A user uploads `photos/cat.jpg`: S3 emits an `s3:ObjectCreated:Put` event.", edges=["put"]),
        Step("Each notification configuration matches event types plus a key prefix and/or suffix (suffix "
             "`.jpg`, never a wildcard) and names one destination. Delivery is at least once, usually within "
             "seconds.", nodes=["bucket"]),
        Step("Direct destinations: a standard SNS topic to fan out, a standard SQS queue to buffer work, or a "
             "Lambda function invoked asynchronously. FIFO topics and queues are not allowed here.",
             edges=["to-sns", "to-sqs", "to-lambda"]),
        Step("With EventBridge turned on for the bucket, every event of the bucket also goes to the default "
             "event bus, with no prefix or suffix filter.", edges=["to-eventbridge"]),
        Step("EventBridge rules filter on any field of the event and route to many kinds of targets, FIFO "
             "queues and Step Functions included, with archive and replay.",
             edges=["to-fifo", "to-workflow"]),
    ],
):
    user = User("Uploader", nodeid="user", URL=f"{PAGE}#s3-event-destinations",
                tooltip="Writes, deletes or restores objects; each action can emit an event.")
    bucket = S3("Bucket", nodeid="bucket", URL=f"{PAGE}#prc-s3-filters",
                tooltip="Holds the notification configurations: event types, prefix/suffix filter, one "
                        "destination each. Enable versioning to get an event for every write.")
    with Cluster("Direct destinations (standard only)"):
        topic = SNS("SNS topic", nodeid="topic", URL=f"{PAGE}#prc-s3-destinations",
                    tooltip="Pushes the event on to all its subscribers (fan-out).")
        queue = SQS("SQS queue", nodeid="queue", URL=f"{PAGE}#prc-s3-destinations",
                    tooltip="Keeps the event until a consumer (Lambda or EC2 workers) deletes it.")
        function = Lambda("Lambda function", nodeid="function", URL=f"{PAGE}#prc-s3-destinations",
                          tooltip="Invoked asynchronously: Lambda's retries and failure destinations apply.")
    bus = Eventbridge("EventBridge\ndefault bus", nodeid="bus", URL=f"{PAGE}#prc-s3-destinations",
                      tooltip="Receives every event of the bucket once enabled; rules do the filtering.")
    with Cluster("Rule targets (examples)"):
        fifo = SQS("SQS FIFO queue", nodeid="fifo", URL=f"{PAGE}#prc-s3-destinations",
                   tooltip="Not allowed as a direct S3 destination, but fine as an EventBridge target.")
        workflow = StepFunctions("Step Functions", nodeid="workflow", URL=f"{PAGE}#prc-s3-destinations",
                                 tooltip="One of the many EventBridge targets: run a workflow per event.")

    user >> Edge(label="PUT cat.jpg", id="put") >> bucket
    bucket >> Edge(label="notify", id="to-sns") >> topic
    bucket >> Edge(label="send", id="to-sqs") >> queue
    bucket >> Edge(label="async invoke", id="to-lambda") >> function
    bucket >> Edge(label="all events", id="to-eventbridge") >> bus
    bus >> Edge(label="rule", id="to-fifo") >> fifo
    bus >> Edge(label="rule", id="to-workflow") >> workflow
