"""Fan-out: one publish to SNS, every subscribed SQS queue gets its own copy."""
from diagrams.aws.compute import Lambda, EC2
from diagrams.aws.integration import SNS, SQS
from diagrams.onprem.client import Client

from guidebuild.authoring import Diagram, Edge, Step

PAGE = "250-event-processing.md"

with Diagram(
    "Fan-out with SNS and SQS",
    steps=[
        Step("The application makes one API call: it publishes the message to the SNS topic.",
             nodes=["app", "topic"], edges=["publish"]),
        Step("SNS delivers a copy to every subscribed queue: all queues receive the same content.",
             nodes=["topic", "q1", "q2", "q3"], edges=["deliver-1", "deliver-2", "deliver-3"]),
        Step("Each consumer reads its own queue at its own pace; a slow or failed consumer does not affect the others.",
             nodes=["q1", "q2", "q3", "c1", "c2", "c3"], edges=["consume-1", "consume-2", "consume-3"]),
    ],
):
    app = Client("Application\n(SDK)", nodeid="app", tooltip="Publishes once; it does not know the queues.")
    topic = SNS("SNS topic", nodeid="topic",
                tooltip="Fans each message out to all its subscriptions.", URL=f"{PAGE}#fanout-sns-sqs")
    queues = [SQS(name, nodeid=f"q{i}", tooltip=tip, URL=f"{PAGE}#fanout-sns-sqs") for i, (name, tip) in enumerate([
        ("Orders queue", "Subscribed to the topic; its access policy lets SNS send to it."),
        ("Analytics queue", "Another subscriber: gets the same message."),
        ("Audit queue", "A third subscriber; add more without touching the application."),
    ], 1)]
    consumers = [
        Lambda("Order service", nodeid="c1", tooltip="Consumes the orders queue."),
        EC2("Analytics workers", nodeid="c2", tooltip="Consume the analytics queue."),
        Lambda("Audit writer", nodeid="c3", tooltip="Consumes the audit queue."),
    ]
    app >> Edge(label="publish once", id="publish") >> topic
    for i, (q, c) in enumerate(zip(queues, consumers), 1):
        topic >> Edge(id=f"deliver-{i}") >> q
        q >> Edge(id=f"consume-{i}") >> c
