"""Fan-out option 1: the application sends the message to each queue itself. A crash between sends
leaves the queues with different content."""
from diagrams.aws.general import Client
from diagrams.aws.integration import SQS

from guidebuild.authoring import FAIL, Diagram, Edge, Step

PAGE = "250-event-processing.md"

with Diagram(
    "Fan-out option 1: the application sends to every queue",
    graph_attr={"nodesep": "0.5", "ranksep": "0.9"},
    steps=[
        Step("The application sends the message to the first queue.", edges=["send-1"]),
        Step("It sends the same message to the second queue.", edges=["send-2"]),
        Step("It crashes, or gets an error, before the third send. The third queue never gets the message, "
             "nothing retries it, and the queues now disagree.", edges=["send-3"]),
        Step("Every new consumer also means changing and redeploying the producer: it is coupled to all of "
             "its queues. Option 2 (SNS + SQS) fixes both problems.", nodes=["app"]),
    ],
):
    app = Client("Application\n(AWS SDK)", nodeid="app", URL=f"{PAGE}#fanout-sdk-direct",
                 tooltip="Makes one SendMessage call per queue. Three calls are three chances to fail halfway.")
    q1 = SQS("Queue 1\nhas the message", nodeid="q1", URL=f"{PAGE}#fanout-sdk-direct",
             tooltip="Received its copy.")
    q2 = SQS("Queue 2\nhas the message", nodeid="q2", URL=f"{PAGE}#fanout-sdk-direct",
             tooltip="Received its copy.")
    q3 = SQS("Queue 3\nmessage missing", nodeid="q3", URL=f"{PAGE}#fanout-sdk-direct",
             tooltip="Never received the message: its consumers will never know it existed.")

    app >> Edge(label="1. send", id="send-1") >> q1
    app >> Edge(label="2. send", id="send-2") >> q2
    # xlabel: placed after layout, clear of the other labels (a label would sit between edges 2 and 3).
    app >> Edge(xlabel="3. never sent:\napp crashed", id="send-3", style="dashed", color=FAIL, fontcolor=FAIL,
                **{"class": "gb-fail"}) >> q3
