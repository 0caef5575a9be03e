"""SQS FIFO -> Lambda: order and concurrency per message group; a failing batch blocks only its group."""
from diagrams.aws.compute import Lambda
from diagrams.aws.general import Client
from diagrams.aws.integration import SQS

from guidebuild.authoring import Cluster, Diagram, Edge, Fail, Step

PAGE = "250-event-processing.md"

with Diagram(
    "SQS FIFO to Lambda: one batch per message group at a time",
    steps=[
        Step("Producers send each message with a `MessageGroupId`, for example the customer ID. Order is "
             "guaranteed within a group, not across the queue.", edges=["send"]),
        Step("Lambda reads different groups in parallel, but never two batches of the same group at once: "
             "the function's concurrency is at most the number of active groups.",
             edges=["group-a", "group-b"]),
        Step("A group-A batch fails: Lambda retries those messages before it takes any newer group-A message, "
             "so group A waits while group B keeps flowing.", edges=["retry-a"]),
        Step("After `maxReceiveCount` receives, the redrive policy moves the message to the FIFO dead-letter "
             "queue. That takes it out of sequence: only use a DLQ if the group can live with it.",
             edges=["redrive"]),
    ],
):
    producer = Client("Producers", nodeid="producer", URL=f"{PAGE}#sqs-fifo-lambda",
                      tooltip="Send each message with a MessageGroupId (and a deduplication ID or "
                              "content-based deduplication).")
    with Cluster("FIFO queues") as fifo_queues:
        queue = SQS("orders.fifo", nodeid="queue", URL=f"{PAGE}#prc-fifo-message-groups",
                    tooltip="Keeps messages in order per message group and delivers each group's messages "
                            "one batch at a time.")
        dlq = SQS("orders-dlq.fifo", nodeid="dlq", URL=f"{PAGE}#prc-sqs-dlq-redrive",
                  tooltip="A FIFO source queue needs a FIFO dead-letter queue. A message moved here leaves "
                          "its group's sequence.")
        fifo_queues.same_rank(queue, dlq)
    with Cluster("One function, one batch per group"):
        fn_a = Lambda("Invocation\n(group A)", nodeid="fn-a", URL=f"{PAGE}#prc-fifo-message-groups",
                      tooltip="Processes group A's batch. Group A gets no new batch until this one succeeds "
                              "or its messages leave the queue.")
        fn_b = Lambda("Invocation\n(group B)", nodeid="fn-b", URL=f"{PAGE}#prc-fifo-message-groups",
                      tooltip="Runs at the same time as group A's invocation: groups are independent, so "
                              "more groups means more parallelism.")

    producer >> Edge(label="send with\nMessageGroupId", id="send") >> queue
    queue >> Edge(label="group A, in order", id="group-a") >> fn_a
    queue >> Edge(label="group B, in order", id="group-b") >> fn_b
    fn_a >> Fail("error: retry,\ngroup A waits", id="retry-a", constraint="false") >> queue
    # Beside the edge in the wide drawing (the queues one above the other), on it in the twin.
    queue >> Fail("after maxReceiveCount", id="redrive", xlabel_in_wide=True) >> dlq
