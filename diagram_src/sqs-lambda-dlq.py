"""SQS -> Lambda: the event source mapping polls, deletes on success, and the source queue's redrive
policy moves a message that keeps failing to the dead-letter queue."""
from diagrams.aws.compute import Lambda
from diagrams.aws.general import Client
from diagrams.aws.integration import SQS

from guidebuild.authoring import Box, Cluster, Diagram, Edge, Fail, Step

PAGE = "250-event-processing.md"

with Diagram(
    "SQS to Lambda with a dead-letter queue",
    # Tighter than the default: the twin stays a quarter narrower than the wide drawing, so it is kept.
    graph_attr={"nodesep": "0.2"},
    steps=[
        Step("A producer sends messages to the source queue.", nodes=["producer", "queue"], edges=["send"]),
        Step("Lambda's event source mapping long-polls the queue and receives a batch. The messages stay in the "
             "queue, hidden for the visibility timeout.", edges=["poll"]),
        Step("The event source mapping invokes the function synchronously with the batch.", edges=["invoke"]),
        Step("Success: the event source mapping deletes the batch from the queue. Nothing is ever put back.",
             edges=["delete"]),
        Step("Failure: nothing is deleted, so the messages become visible again when the visibility timeout "
             "expires and are received again (the whole batch, unless the function reports "
             "`ReportBatchItemFailures`).", edges=["reappear"]),
        Step("After `maxReceiveCount` receives (say 5), the source queue's redrive policy moves the message "
             "to the dead-letter queue, where you inspect it and redrive it later.", edges=["redrive"]),
    ],
):
    producer = Client("Producer", nodeid="producer", URL=f"{PAGE}#sqs-lambda-dlq",
                      tooltip="Any application that sends messages to the source queue.")
    with Cluster("Source queue's redrive policy") as redrive:
        queue = SQS("Source queue", nodeid="queue", URL=f"{PAGE}#upd-lambda-sqs-visibility",
                    tooltip="Keeps each message until a consumer deletes it; a received message is hidden "
                            "for the visibility timeout (at least 6x the function timeout).")
        dlq = SQS("Dead-letter queue", nodeid="dlq", URL=f"{PAGE}#prc-sqs-dlq-redrive",
                  tooltip="Named in the source queue's redrive policy, with maxReceiveCount. Same type as the "
                          "source: a FIFO queue needs a FIFO DLQ.")
        redrive.same_rank(queue, dlq)
    with Cluster("AWS Lambda") as lam:
        esm = Box("Event source\nmapping", nodeid="esm", service="Lambda poller", URL=f"{PAGE}#sqs-lambda-dlq",
                  tooltip="Lambda's poller: you write no polling code. It receives batches, invokes the "
                          "function and deletes what succeeded.")
        consumer = Lambda("Consumer\nfunction", nodeid="consumer", URL=f"{PAGE}#sqs-lambda-dlq",
                          tooltip="Processes a batch per synchronous invocation. Make it idempotent: "
                                  "delivery is at least once.")
        # The function under its poller: a fifth column would make the drawing too wide for 12 px
        # labels on a desktop. Not in the phone twin, where the two would stand side by side.
        lam.same_rank(esm, consumer, wide_only=True)

    producer >> Edge(label="send", id="send") >> queue
    queue >> Edge(label="poll batch", id="poll") >> esm
    esm >> Edge(xlabel="invoke", id="invoke") >> consumer
    esm >> Edge(label="success: delete", id="delete", constraint="false") >> queue
    esm >> Fail("error: visible\nagain later", id="reappear", constraint="false") >> queue
    # Beside the edge in the wide drawing, where the queues stand one above the other and a label would
    # be drawn across it; on it in the twin, where an xlabel lay over the queues' names.
    queue >> Fail("after\nmaxReceiveCount", id="redrive", xlabel_in_wide=True) >> dlq
