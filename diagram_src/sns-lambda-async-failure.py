"""SNS -> Lambda: an asynchronous invoke, Lambda's internal queue and retries, then an on-failure
destination (or DLQ). SNS's own subscription DLQ only catches what SNS could not deliver."""
from diagrams.aws.compute import Lambda
from diagrams.aws.general import Client
from diagrams.aws.integration import SNS, SQS

from guidebuild.authoring import Box, Cluster, Diagram, Edge, Fail, Muted, Step

PAGE = "250-event-processing.md"

with Diagram(
    "SNS to Lambda: asynchronous invocation and failure handling",
    steps=[
        Step("A publisher sends a message to a standard SNS topic.", edges=["publish"]),
        Step("SNS invokes the subscribed function asynchronously: Lambda puts the event on its internal queue "
             "and answers at once. For SNS the delivery is done.", edges=["invoke"]),
        Step("Lambda takes the event off its queue and runs the function.", edges=["attempt"]),
        Step("The function returns an error or times out: Lambda retries, by default twice more (3 attempts), "
             "about 1 and then 2 minutes apart. Configurable from 0 to 2 retries; throttles and system errors "
             "are retried for up to 6 hours.", edges=["retry"]),
        Step("Every attempt failed (or the event got older than its maximum age): Lambda sends a record with "
             "the request and the error to the on-failure destination, or the payload to the function's DLQ. "
             "With neither, the event is discarded.", edges=["failed"]),
        Step("A different failure: SNS cannot reach Lambda at all (for example, a missing permission). SNS "
             "retries by its delivery policy, then moves the message to the subscription's DLQ. That DLQ never "
             "sees errors thrown inside the function.", edges=["undeliverable"]),
    ],
):
    publisher = Client("Publisher", nodeid="publisher", URL=f"{PAGE}#sns-lambda-async-failure",
                       tooltip="Publishes one message to the topic and moves on.")
    topic = SNS("SNS topic\n(standard)", nodeid="topic", URL=f"{PAGE}#prc-sns-standard-only",
                tooltip="Pushes each message to its subscribers. Only standard topics can invoke Lambda; "
                        "FIFO topics deliver to SQS.")
    with Cluster("AWS Lambda: asynchronous invocation"):
        events = Box("Internal\nevent queue", nodeid="events", service="managed by Lambda",
                     URL=f"{PAGE}#upd-lambda-async-retries",
                     tooltip="Lambda's own queue for asynchronous events: it holds the event between "
                             "attempts. You configure its retries and maximum event age.")
        function = Lambda("Function", nodeid="function", URL=f"{PAGE}#upd-lambda-async-retries",
                          tooltip="Processes the event. An error or a timeout sends the event back for a "
                                  "retry.")
    failed = SQS("On-failure\ndestination", nodeid="failed", service="SQS, SNS, S3, Lambda or EventBridge",
                 URL=f"{PAGE}#prc-failure-capture",
                 tooltip="Gets a record of each event that failed every attempt: request plus error details. "
                         "A function DLQ (SQS or SNS) is the older option and keeps only the payload.")
    sub_dlq = SQS("Subscription DLQ", nodeid="sub-dlq", URL=f"{PAGE}#prc-failure-capture",
                  tooltip="Attached to the SNS subscription's redrive policy: catches only messages SNS "
                          "could not deliver to Lambda.")

    publisher >> Edge(label="publish", id="publish") >> topic
    topic >> Edge(label="async invoke", id="invoke") >> events
    events >> Edge(label="attempt", id="attempt") >> function
    function >> Fail("error:\nretry x2", id="retry", constraint="false") >> events
    events >> Fail("all attempts\nfailed", id="failed") >> failed
    topic >> Muted("cannot deliver", id="undeliverable") >> sub_dlq
