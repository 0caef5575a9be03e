"""Fan-out option 2: one publish to SNS, every subscribed SQS queue gets its own copy."""
from diagrams.aws.compute import EC2, Lambda
from diagrams.aws.general import Client
from diagrams.aws.integration import SNS, SQS

from guidebuild.authoring import Diagram, Edge, Step

PAGE = "250-event-processing.md"

with Diagram(
    "Fan-out option 2: SNS topic with SQS subscribers",
    steps=[
        Step("The application makes one API call: it publishes the message to the SNS topic.",
             edges=["publish"]),
        Step("SNS delivers a copy to every subscribed queue (each queue's access policy allows the topic to "
             "send). A filter policy can limit a queue to the messages it cares about.",
             edges=["deliver-1", "deliver-2", "deliver-3"]),
        Step("Each consumer reads its own queue at its own pace; a slow or failed consumer does not affect "
             "the others, and its messages wait in its queue.", edges=["consume-1", "consume-2", "consume-3"]),
    ],
):
    app = Client("Application\n(AWS SDK)", nodeid="app", URL=f"{PAGE}#fanout-sns-sqs",
                 tooltip="Publishes once. It does not know the queues, so adding a consumer needs no change here.")
    topic = SNS("SNS topic", nodeid="topic", URL=f"{PAGE}#fanout-sns-sqs",
                tooltip="Fans each message out to all its subscriptions. Use an SNS FIFO topic with SQS FIFO "
                        "queues when order matters.")
    queues = [
        SQS("Orders queue", nodeid="q1", URL=f"{PAGE}#fanout-practical",
            tooltip="A subscriber: its access policy lets the topic call sqs:SendMessage."),
        SQS("Analytics queue", nodeid="q2", URL=f"{PAGE}#fanout-practical",
            tooltip="Another subscriber, with its own copy. Raw message delivery can drop the SNS envelope."),
        SQS("Audit queue", nodeid="q3", URL=f"{PAGE}#fanout-practical",
            tooltip="A third subscriber; add more without touching the application."),
    ]
    consumers = [
        Lambda("Order service", nodeid="c1", URL=f"{PAGE}#fanout-sns-sqs",
               tooltip="Consumes the orders queue through a Lambda event source mapping."),
        EC2("Analytics workers", nodeid="c2", URL=f"{PAGE}#fanout-sns-sqs",
            tooltip="EC2 workers poll the analytics queue at their own pace."),
        Lambda("Audit writer", nodeid="c3", URL=f"{PAGE}#fanout-sns-sqs",
               tooltip="Consumes the audit queue; if it fails, only its own queue backs up."),
    ]
    app >> Edge(label="publish once", id="publish") >> topic
    for i, (q, c) in enumerate(zip(queues, consumers), 1):
        topic >> Edge(id=f"deliver-{i}") >> q
        q >> Edge(id=f"consume-{i}") >> c
