"""SQS -> Lambda, with a dead-letter queue set by the source queue's redrive policy."""
from diagrams.aws.compute import Lambda
from diagrams.aws.integration import SQS
from diagrams.onprem.client import Client

from guidebuild.authoring import Cluster, Diagram, Edge, Step

PAGE = "250-event-processing.md"
FAIL = "#c0392b"

with Diagram(
    "SQS to Lambda with a dead-letter queue",
    steps=[
        Step("A producer sends messages to the source queue.", nodes=["producer", "queue"], edges=["send"]),
        Step("Lambda's event source mapping long-polls the queue and invokes the function with a batch.",
             nodes=["queue", "consumer"], edges=["poll"]),
        Step("If the function fails, it does not delete the batch: the messages become visible again "
             "after the visibility timeout and are received again.", nodes=["consumer", "queue"], edges=["retry"]),
        Step("Once a message has been received maxReceiveCount times (say 5), the queue's redrive policy "
             "moves it to the dead-letter queue for later analysis.", nodes=["queue", "dlq"], edges=["redrive"]),
    ],
):
    producer = Client("Producer", nodeid="producer",
                      tooltip="Any application that sends messages to the queue.")
    with Cluster("Redrive policy on the source queue"):
        queue = SQS("Source queue", nodeid="queue",
                    tooltip="Holds messages until a consumer deletes them; its redrive policy names the DLQ "
                            "and maxReceiveCount.",
                    URL=f"{PAGE}#sqs-lambda-dlq")
        dlq = SQS("Dead-letter queue", nodeid="dlq",
                  tooltip="Receives messages that failed maxReceiveCount times. Same type as the source "
                          "(FIFO source, FIFO DLQ).",
                  URL=f"{PAGE}#sqs-lambda-dlq")
    consumer = Lambda("Consumer function", nodeid="consumer",
                      tooltip="Invoked synchronously by the event source mapping with a batch of messages.",
                      URL=f"{PAGE}#sqs-lambda-dlq")

    producer >> Edge(label="send", id="send") >> queue
    queue >> Edge(label="poll batch", id="poll") >> consumer
    consumer >> Edge(label="fails: visible again\nafter timeout", id="retry", style="dashed", color=FAIL,
                     fontcolor=FAIL) >> queue
    queue >> Edge(label="after maxReceiveCount", id="redrive", style="dashed", color=FAIL, fontcolor=FAIL) >> dlq
