"""The dynamic path: each layer can answer from its cache; a miss travels deeper and costs more."""
from diagrams.aws.compute import Lambda
from diagrams.aws.database import DAX, RDS, Dynamodb, ElastiCache
from diagrams.aws.general import Client
from diagrams.aws.network import APIGateway, CloudFront

from guidebuild.authoring import Cluster, Diagram, Edge, Step

PAGE = "251-caching.md"

with Diagram(
    "Dynamic content: caches along the path, cost rising to the right",
    graph_attr={"ranksep": "0.22", "nodesep": "0.2"},
    steps=[
        Step("The client asks CloudFront. The edge cache looks up the cache key (URL plus the headers, cookies "
             "and query strings the cache policy includes). A hit is answered here, the cheapest place.",
             edges=["request"]),
        Step("Miss: CloudFront forwards to API Gateway. A REST API stage cache (TTL 300 s by default, 3600 s "
             "max) can answer without invoking the backend.", edges=["to-api"]),
        Step("Miss: the application runs on Lambda or EC2. It may keep a small in-memory cache, lost on a cold "
             "start or scale-out and not shared.", edges=["to-app"]),
        Step("The application asks ElastiCache (Valkey, Redis OSS or Memcached) for relational data, or DAX "
             "for DynamoDB: a hit takes a millisecond or less (microseconds with DAX).",
             edges=["to-elasticache", "to-dax"]),
        Step("Only a miss everywhere reaches the database, the most expensive hop. With lazy loading the "
             "application then writes the result to ElastiCache with a TTL; DAX fills itself.",
             edges=["to-rds", "to-dynamodb"]),
    ],
):
    client = Client("Client", nodeid="client", URL=f"{PAGE}#request-walkthrough",
                    tooltip="Sends GET /products/42. Every hop it does not need is latency and cost saved.")
    with Cluster("Edge $", tint=1):
        cdn = CloudFront("CloudFront", nodeid="cdn", URL=f"{PAGE}#ttl",
                         tooltip="Caches whole responses at edge locations; TTLs come from the cache policy "
                                 "and the origin's Cache-Control.")
    with Cluster("API $$", tint=2):
        api = APIGateway("API Gateway", nodeid="api", URL=f"{PAGE}#prc-apigw-cache-rest",
                         tooltip="A REST API stage can cache responses per cache key: default TTL 300 s, "
                                 "maximum 3600 s. HTTP APIs have no cache.")
    with Cluster("Compute $$$", tint=3):
        app = Lambda("App logic\n(Lambda, EC2)", nodeid="app", URL=f"{PAGE}#request-walkthrough",
                     tooltip="Runs your code; an in-memory cache here is per instance and lost on scale-out.")
    with Cluster("Cache $$$", tint=4) as caches:
        redis = ElastiCache("ElastiCache", nodeid="elasticache", URL=f"{PAGE}#elasticache-engines",
                            tooltip="Valkey, Redis OSS or Memcached: query results, sessions, computed objects, "
                                    "with a TTL per key.")
        dax = DAX("DAX", nodeid="dax", URL=f"{PAGE}#prc-dax-eventual",
                  tooltip="In-memory cache in front of DynamoDB: microsecond eventually consistent reads; "
                          "strongly consistent reads pass through.")
        caches.same_rank(redis, dax)
    with Cluster("Database $$$$", tint=5) as databases:
        rds = RDS("RDS", nodeid="rds", URL=f"{PAGE}#cache-layers",
                  tooltip="The source of truth, not a cache: every query that reaches it uses every layer "
                          "before it.")
        ddb = Dynamodb("DynamoDB", nodeid="dynamodb", URL=f"{PAGE}#prc-dax-eventual",
                       tooltip="Answers what DAX cannot: misses, strongly consistent and transactional reads.")
        databases.same_rank(rds, ddb)

    client >> Edge(id="request") >> cdn
    cdn >> Edge(label="miss", id="to-api") >> api
    api >> Edge(label="miss", id="to-app") >> app
    app >> Edge(label="get", id="to-elasticache") >> redis
    app >> Edge(label="get", id="to-dax") >> dax
    redis >> Edge(label="miss", id="to-rds") >> rds
    dax >> Edge(label="miss", id="to-dynamodb") >> ddb
