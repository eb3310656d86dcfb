"""Scrapes a Prometheus endpoint and parses it with the Prometheus client's own parser.

Usage: prometheus_scrape.py MODULES URL
(MODULES, the generated protos' folder every peer gets, is not needed here.)

Prints one JSON line per sample: the family's name and type, the sample's name, labels and value, as
prometheus_client.parser.text_string_to_metric_families reads them. Exits 1 when the answer is not 200 text/plain
or does not parse.
"""
import json
import math
import sys
import urllib.request

from prometheus_client.parser import text_string_to_metric_families


def main():
    url = sys.argv[2]
    with urllib.request.urlopen(url, timeout=30) as response:
        if response.status != 200:
            print(f"{url} answered {response.status}", file=sys.stderr)
            return 1
        content_type = response.headers.get("Content-Type", "")
        if not content_type.startswith("text/plain"):
            print(f"{url} answered Content-Type {content_type!r}, not Prometheus text", file=sys.stderr)
            return 1
        text = response.read().decode("utf-8")
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            value = sample.value
            print(json.dumps({
                "family": family.name,
                "type": family.type,
                "name": sample.name,
                "labels": sample.labels,
                "value": "+Inf" if value == math.inf else value,
            }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
