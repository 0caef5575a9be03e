"""Thumbnails: an upload notification invokes Lambda, which writes to another bucket; failures are kept."""
from diagrams.aws.compute import Lambda
from diagrams.aws.general import User
from diagrams.aws.integration import SQS
from diagrams.aws.storage import S3

from guidebuild.authoring import Diagram, Edge, Fail, Step

PAGE = "250-event-processing.md"

with Diagram(
    "S3 thumbnail pipeline",
    steps=[
        Step("A user uploads `cat.jpg` to the uploads bucket.", edges=["upload"]),
        Step("The notification for `s3:ObjectCreated:*` with suffix `.jpg` invokes the function "
             "asynchronously.", edges=["notify"]),
        Step("The function reads the original image and resizes it.", edges=["read"]),
        Step("It writes the thumbnail to a different bucket (or a prefix the filter does not match): writing "
             "into the watched location would trigger the function again, in a loop.", edges=["write"]),
        Step("If every attempt fails, Lambda sends the event with the error to the on-failure destination "
             "(or the payload to a DLQ), to inspect and replay later.", edges=["failed"]),
    ],
):
    user = User("User", nodeid="user", URL=f"{PAGE}#s3-thumbnail-pipeline",
                tooltip="Uploads images through your application or a presigned URL.")
    uploads = S3("Uploads bucket", nodeid="uploads", URL=f"{PAGE}#prc-s3-filters",
                 tooltip="Its notification matches s3:ObjectCreated:* with suffix .jpg and invokes the function.")
    function = Lambda("Thumbnail\nfunction", nodeid="function", URL=f"{PAGE}#prc-s3-lambda-destination",
                      tooltip="Invoked asynchronously by S3: makes the thumbnail; Lambda retries it on errors.")
    thumbs = S3("Thumbnails bucket", nodeid="thumbs", URL=f"{PAGE}#thumbnail-event-loop",
                tooltip="A separate bucket, so writing a thumbnail never triggers the function again.")
    failed = SQS("On-failure\ndestination", nodeid="failed", service="Amazon SQS queue (or SNS, S3, Lambda, EventBridge)",
                 URL=f"{PAGE}#prc-s3-lambda-destination",
                 tooltip="Keeps the events that failed every attempt, with the error, for a later replay.")

    user >> Edge(label="PUT cat.jpg", id="upload") >> uploads
    uploads >> Edge(label="ObjectCreated\n.jpg", id="notify") >> function
    function >> Edge(label="GET original", id="read", constraint="false") >> uploads
    function >> Edge(label="PUT thumbnail", id="write") >> thumbs
    function >> Fail("all attempts\nfailed", id="failed") >> failed
