"""Human names for the icons a diagram uses, for the diagram's text alternative and tooltips.

Keyed on the icon's file stem (``simple-queue-service-sqs``), because several ``diagrams``
classes share one icon (``SQS`` is ``SimpleQueueServiceSqs``). An icon missing here still works:
its stem is turned into words.
"""
from __future__ import annotations

from pathlib import Path


NAMES = {
    # compute
    "lambda": "AWS Lambda function",
    "lambda-function": "AWS Lambda function",
    "ec2": "Amazon EC2 instance",
    "ec2-instance": "Amazon EC2 instance",
    "ec2-instances": "Amazon EC2 instances",
    "ec2-spot-instance": "Amazon EC2 Spot Instance",
    "ec2-auto-scaling": "Amazon EC2 Auto Scaling group",
    "ec2-elastic-ip-address": "Elastic IP address",
    "batch": "AWS Batch",
    "compute": "Compute",
    # integration
    "simple-queue-service-sqs": "Amazon SQS queue",
    "simple-queue-service-sqs-queue": "Amazon SQS queue",
    "simple-notification-service-sns": "Amazon SNS topic",
    "simple-notification-service-sns-topic": "Amazon SNS topic",
    "eventbridge": "Amazon EventBridge",
    "eventbridge-rule": "Amazon EventBridge rule",
    "eventbridge-default-event-bus-resource": "Amazon EventBridge event bus",
    "eventbridge-event": "Amazon EventBridge event",
    # network
    "cloudfront": "Amazon CloudFront distribution",
    "cloudfront-edge-location": "Amazon CloudFront edge location",
    "api-gateway": "Amazon API Gateway",
    "elb-application-load-balancer": "Application Load Balancer",
    "elb-network-load-balancer": "Network Load Balancer",
    "nacl": "Network ACL",
    "internet-gateway": "Internet gateway",
    "direct-connect": "AWS Direct Connect",
    "vpc-elastic-network-adapter": "Elastic network adapter",
    "vpc-elastic-network-interface": "Elastic network interface",
    # storage
    "simple-storage-service-s3": "Amazon S3 bucket",
    "simple-storage-service-s3-bucket": "Amazon S3 bucket",
    "simple-storage-service-s3-bucket-with-objects": "Amazon S3 bucket",
    "simple-storage-service-s3-object": "Amazon S3 object",
    "elastic-block-store-ebs": "Amazon EBS",
    "elastic-block-store-ebs-volume": "Amazon EBS volume",
    "elastic-block-store-ebs-snapshot": "Amazon EBS snapshot",
    "elastic-file-system-efs": "Amazon EFS file system",
    "elastic-file-system-efs-file-system": "Amazon EFS file system",
    "fsx-for-lustre": "Amazon FSx for Lustre",
    "multiple-volumes-resource": "Instance store volumes",
    "snowball-edge": "AWS Snowball Edge",
    "snowball": "AWS Snowball",
    # database
    "elasticache": "Amazon ElastiCache",
    "elasticache-for-redis": "Amazon ElastiCache",
    "elasticache-for-memcached": "Amazon ElastiCache for Memcached",
    "dynamodb": "Amazon DynamoDB",
    "dynamodb-table": "Amazon DynamoDB table",
    "dynamodb-dax": "DynamoDB Accelerator (DAX)",
    "rds": "Amazon RDS",
    "rds-instance": "Amazon RDS instance",
    # security
    "waf": "AWS WAF",
    "waf-filtering-rule": "AWS WAF rule",
    "identity-and-access-management-iam-role": "IAM role",
    "identity-and-access-management-iam-permissions": "IAM permissions",
    "shield": "AWS Shield",
    # management
    "cloudwatch": "Amazon CloudWatch",
    "cloudwatch-alarm": "Amazon CloudWatch alarm",
    "cloudformation": "AWS CloudFormation",
    "cloudformation-stack": "AWS CloudFormation stack",
    "cloudformation-template": "AWS CloudFormation template",
    "command-line-interface": "Command line interface",
    "auto-scaling": "Auto Scaling",
    "systems-manager": "AWS Systems Manager",
    # migration
    "datasync": "AWS DataSync",
    "datasync-agent": "AWS DataSync agent",
    # general
    "client": "Client",
    "user": "User",
    "users": "Users",
    "mobile-client": "Mobile client",
    "traditional-server": "Server",
    "generic-office-building": "Corporate data center",
    "office-building": "Corporate data center",
    "disk": "Storage device",
    "sdk": "AWS SDK",
    "generic-sdk": "AWS SDK",
    "internet-alt1": "Internet",
    "internet-alt2": "Internet",
    "generic-firewall": "Firewall",
}


def service_name(icon_path: str) -> str:
    stem = Path(icon_path).stem
    return NAMES.get(stem) or stem.replace("-", " ").capitalize()
