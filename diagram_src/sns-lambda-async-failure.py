"""SNS -> Lambda: an asynchronous invoke, Lambda's retries, then an on-failure destination or DLQ."""
from diagrams.aws.compute import Lambda
from diagrams.aws.integration import SNS, SQS
from diagrams.onprem.client import Client

from guidebuild.authoring import Cluster, Diagram, Edge, Step

PAGE = "250-event-processing.md"
FAIL = "#c0392b"

with Diagram(
    "SNS to Lambda with failure handling",
    steps=[
        Step("A publisher sends a message to a standard SNS topic.", nodes=["publisher", "topic"], edges=["publish"]),
        Step("SNS invokes the subscribed function asynchronously: Lambda queues the event and answers at once.",
             nodes=["topic", "function"], edges=["invoke"]),
        Step("If the function returns an error, Lambda retries it twice more (3 attempts in all, configurable 0-2 retries).",
             nodes=["function"], edges=["retries"]),
        Step("After the last attempt the event goes to the on-failure destination (or the function's DLQ) "
             "for later processing, instead of being discarded.", nodes=["function", "failed"], edges=["onfailure"]),
    ],
):
    publisher = Client("Publisher", nodeid="publisher", tooltip="Publishes one message to the topic.")
    topic = SNS("SNS topic\n(standard)", nodeid="topic",
                tooltip="Pushes each message to its subscribers. Only standard topics can invoke Lambda.",
                URL=f"{PAGE}#sns-lambda-async-failure")
    with Cluster("Lambda asynchronous invocation"):
        function = Lambda("Function", nodeid="function",
                          tooltip="Processes the event; errors trigger Lambda's own retries.",
                          URL=f"{PAGE}#sns-lambda-async-failure")
    failed = SQS("On-failure destination\nor DLQ (SQS)", nodeid="failed",
                 tooltip="Keeps events that failed every attempt. A destination also records the error and response.",
                 URL=f"{PAGE}#sns-lambda-async-failure")

    publisher >> Edge(label="publish", id="publish") >> topic
    topic >> Edge(label="async invoke", id="invoke") >> function
    function >> Edge(label="error: retry x2", id="retries", style="dashed", color=FAIL, fontcolor=FAIL) >> function
    function >> Edge(label="still failing", id="onfailure", style="dashed", color=FAIL, fontcolor=FAIL) >> failed
