#!/usr/bin/python3
"""Lists every test Tempest skipped with the reason Tempest gave, and counts the reasons.

usage: skips.py RESULTS_SUBUNIT OUT_DIR

Writes OUT_DIR/skipped.txt (one "test id<TAB>reason" line per skip, then the reasons by count). Needs Debian's
python3-subunit (tempest's dependency), hence /usr/bin/python3.
"""
import collections
import sys

import subunit
import testtools


class Skips(testtools.StreamResult):
    def __init__(self):
        super().__init__()
        self.reasons = {}
        self.skipped = set()

    def status(self, test_id=None, test_status=None, file_name=None, file_bytes=None, **kwargs):
        if file_name == "reason" and file_bytes:
            self.reasons[test_id] = self.reasons.get(test_id, b"") + bytes(file_bytes)
        if test_status == "skip":
            self.skipped.add(test_id)


def main(stream, out_dir):
    skips = Skips()
    with open(stream, "rb") as source:
        skips.startTestRun()
        subunit.ByteStreamToStreamResult(source).run(skips)
        skips.stopTestRun()
    by_reason = collections.Counter()
    with open(out_dir + "/skipped.txt", "w") as out:
        for test in sorted(skips.skipped):
            reason = " ".join(skips.reasons.get(test, b"").decode(errors="replace").split()) or "(no reason given)"
            by_reason[reason] += 1
            out.write(f"{test}\t{reason}\n")
        out.write("\n# skips by reason\n")
        for reason, count in by_reason.most_common():
            out.write(f"{count}\t{reason}\n")
    print(f"tempest: {len(skips.skipped)} skipped, {len(by_reason)} reasons, each in {out_dir}/skipped.txt")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
