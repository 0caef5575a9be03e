"""The static path: CloudFront serves from the edge; only misses reach the private S3 bucket."""
from diagrams.aws.general import Client
from diagrams.aws.network import CloudFront
from diagrams.aws.storage import S3

from guidebuild.authoring import Cluster, Diagram, Edge, Step

PAGE = "251-caching.md"

with Diagram(
    "Static content: CloudFront in front of S3",
    steps=[
        Step("The browser requests `app.3f9c.js` from the nearest edge location.", edges=["request"]),
        Step("Hit: CloudFront answers from the edge. Static files can have long TTLs, because a new version "
             "gets a new file name.", nodes=["cdn"]),
        Step("Miss (first request, or the TTL expired): CloudFront fetches the object from the S3 origin, "
             "signing the request with origin access control; the bucket stays private.", edges=["fetch"]),
        Step("CloudFront caches the object for the TTL and returns it; the next users near this edge get a "
             "hit.", edges=["fetch", "request"]),
    ],
):
    client = Client("Browser", nodeid="client", URL=f"{PAGE}#caching-static-path",
                    tooltip="Requests images, CSS, JavaScript and downloads.")
    with Cluster("Edge $", tint=1):
        cdn = CloudFront("CloudFront", nodeid="cdn", URL=f"{PAGE}#ttl",
                         tooltip="Serves from the edge cache; min/default/max TTL from the cache policy, "
                                 "within which the origin's Cache-Control applies.")
    with Cluster("Region $$", tint=3):
        bucket = S3("S3 bucket\n(private)", nodeid="bucket", URL=f"{PAGE}#caching-static-path",
                    tooltip="The origin. Its bucket policy lets only the distribution read it (origin access "
                            "control).")

    client >> Edge(label="GET app.3f9c.js", id="request") >> cdn
    cdn >> Edge(label="miss: fetch (OAC)", id="fetch") >> bucket
