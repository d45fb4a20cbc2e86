#!/usr/bin/env python3
"""Generate Microsoft Graph user objects with signInActivity, for benchmarking Import-SignInActivity.

usage: gen-graph-users.py OUTDIR --users N --files M [--seed S] [--shape page|array|jsonl] [--pretty]

Writes M files, OUTDIR/graph-000.json, graph-001.json, ... (graph-NNN.jsonl for --shape jsonl), holding N users in
total (the first N % M files get one user more). Users look like the output of
GET /users?$select=id,userPrincipalName,displayName,accountEnabled,signInActivity:

  page   (default) Graph paged responses of 999 users each, {"@odata.context":..,"value":[..],"@odata.nextLink":..},
         concatenated one page per line; the last page of each file has no @odata.nextLink
  array  one JSON array per file, one user per line
  jsonl  JSON Lines, one user per line

Output is compact JSON; --pretty indents page and array files by 2 spaces instead (much slower to write).
About 10% of users have no signInActivity property, about 5% have some sign-in fields null (a date and its request
id together), about 8% are disabled. Sign-in dates fall in 2024, weighted towards the end of the year (about a fifth
are more than 90 days older than 2024-12-31). Ids and request ids are random version-4 GUIDs.

The users depend only on --seed (default 1) and --users: the same seed gives the same users, byte for byte, whatever
--files or --shape. Only the standard library is used. Prints the total bytes written on stdout and a summary on stderr.

example: python3 tests/Aggregator.Benchmarks/gen-graph-users.py /tmp/graph-bench --users 1000000 --files 4
"""
import argparse
import base64
import json
import os
import random
import sys
import time

PAGE_SIZE = 999
CONTEXT = ("https://graph.microsoft.com/v1.0/$metadata#users"
           "(id,userPrincipalName,displayName,accountEnabled,signInActivity)")
NEXT = ("https://graph.microsoft.com/v1.0/users?$select=id,userPrincipalName,displayName,accountEnabled,signInActivity"
        "&$skiptoken=")
FIRST = ("Adele Alex Allan Amber Anika Ben Brian Carla Chris Christie Dan Debra Diego Elena Emily Enrico Grady Hana Henrietta "
         "Irvin Isaiah Jamal Joni Johanna Kenji Laura Lee Lidia Lynne Marco Megan Miriam Nestor Nora Omar Patti Pradeep "
         "Priya Rafael Raul Sanjay Sara Sofia Tom Uma Victor Wei Yuki Zoe").split()
LAST = ("Vance Wilber Deyoung Bowen Robbins Siciliani Fernandez Langer Archie Lorenz Gu Wilke Graham Gupta Cline Mueller "
        "Berger Sherman Sayers Holloway Brown Carter Chen Dubois Evans Fischer Garcia Haddad Ito Jensen Kowalski Lopez "
        "Moreau Nakamura Okafor Patel Quinn Rossi Schmidt Tanaka Ueda Varga Weber Xu Yilmaz Zimmermann").split()
NAMES = [(f"{f.lower()}.{l.lower()}", f"{f} {l}") for f in FIRST for l in LAST]

# version 4 GUIDs from 128 random bits: version nibble 4, variant bits 10
_GUID_CLEAR = ~((0xF << 76) | (0x3 << 62)) & ((1 << 128) - 1)
_GUID_SET = (0x4 << 76) | (0x2 << 62)
_DAYS = []  # "2024-MM-DD" for every day of 2024
for _m, _n in enumerate((31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31), 1):
    _DAYS += [f"2024-{_m:02d}-{_d:02d}" for _d in range(1, _n + 1)]
_TIMES = [f"T{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}Z" for s in range(86400)]


def users(rng, count):
    """Yield count users as compact JSON strings."""
    bits, rand, randrange, expo = rng.getrandbits, rng.random, rng.randrange, rng.expovariate
    clear, setv, days, times, names, nnames = _GUID_CLEAR, _GUID_SET, _DAYS, _TIMES, NAMES, len(NAMES)
    last_day = len(days) - 1

    def guid():
        h = "%032x" % ((bits(128) & clear) | setv)
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    for i in range(count):
        upn, display = names[randrange(nnames)]
        enabled = "false" if rand() < 0.08 else "true"
        head = (f'{{"id":"{guid()}","userPrincipalName":"{upn}{i}@contoso.com","displayName":"{display}",'
                f'"accountEnabled":{enabled}')
        r = rand()
        if r < 0.10:
            yield head + "}"
            continue
        # interactive sign-in; non-interactive (token refresh) usually the same day or later; successful = the later
        d1 = max(0, last_day - int(expo(1 / 60)))
        d2 = min(last_day, d1 + int(expo(1 / 4)))
        t1 = days[d1] + times[randrange(86400)]
        t2 = days[d2] + times[randrange(86400)]
        i1, i2 = f'"{t1}"', f'"{t2}"'
        r1, r2 = f'"{guid()}"', f'"{guid()}"'
        ss, rs = (i2, r2) if t2 > t1 else (i1, r1)
        if r < 0.15:  # some fields null
            kind = randrange(4)
            if kind == 0:
                i2 = r2 = "null"
                ss, rs = i1, r1
            elif kind == 1:
                ss = rs = "null"
            elif kind == 2:
                i1 = r1 = "null"
                ss, rs = i2, r2
            else:
                i1 = r1 = i2 = r2 = ss = rs = "null"
        yield (f'{head},"signInActivity":{{"lastSignInDateTime":{i1},"lastSignInRequestId":{r1},'
               f'"lastNonInteractiveSignInDateTime":{i2},"lastNonInteractiveSignInRequestId":{r2},'
               f'"lastSuccessfulSignInDateTime":{ss},"lastSuccessfulSignInRequestId":{rs}}}}}')


def skiptoken(last_user):
    """A Graph-like $skiptoken naming the last user of a page."""
    u = json.loads(last_user)
    key = f"{u['userPrincipalName']})User_{u['id']}".encode()
    raw = b"DSpt\x02\x00\x01\x00\x00\x00" + bytes([min(255, len(key) + 1)]) + b":" + key + b"\xb9" + bytes(12)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def write_file(path, stream, count, shape, pretty):
    """Write count users from stream to path in the given shape; return the bytes written."""
    written = 0
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        if shape == "jsonl":
            left = count
            while left:
                n = min(left, 10000)
                chunk = "\n".join(next(stream) for _ in range(n)) + "\n"
                f.write(chunk)
                written += len(chunk)
                left -= n
        elif shape == "array":
            batch = [next(stream) for _ in range(count)]
            if pretty:
                text = json.dumps([json.loads(u) for u in batch], indent=2) + "\n"
            else:
                text = "[\n" + ",\n".join(batch) + "\n]\n" if batch else "[]\n"
            f.write(text)
            written += len(text)
        else:
            left = count
            while True:
                n = min(left, PAGE_SIZE)
                batch = [next(stream) for _ in range(n)]
                left -= n
                if pretty:
                    page = {"@odata.context": CONTEXT, "value": [json.loads(u) for u in batch]}
                    if left:
                        page["@odata.nextLink"] = NEXT + skiptoken(batch[-1])
                    text = json.dumps(page, indent=2) + "\n"
                else:
                    tail = f',"@odata.nextLink":"{NEXT}{skiptoken(batch[-1])}"' if left else ""
                    text = f'{{"@odata.context":"{CONTEXT}","value":[{",".join(batch)}]{tail}}}\n'
                f.write(text)
                written += len(text)  # all ASCII: characters are bytes
                if not left:
                    break
    return written


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("outdir")
    p.add_argument("--users", type=int, required=True, help="users in total, over all files")
    p.add_argument("--files", type=int, required=True, help="number of files")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--shape", choices=("page", "array", "jsonl"), default="page")
    p.add_argument("--pretty", action="store_true", help="indent page and array files by 2 spaces")
    a = p.parse_args()
    if a.users < 0 or a.files < 1:
        p.error("--users must be >= 0 and --files >= 1")
    os.makedirs(a.outdir, exist_ok=True)
    started = time.perf_counter()
    stream = users(random.Random(a.seed), a.users)
    ext = "jsonl" if a.shape == "jsonl" else "json"
    per, extra = divmod(a.users, a.files)
    total = 0
    for k in range(a.files):
        total += write_file(os.path.join(a.outdir, f"graph-{k:03d}.{ext}"), stream, per + (k < extra), a.shape, a.pretty)
    print(total)
    print(f"{a.users} users in {a.files} {a.shape} file(s) in {a.outdir}: {total} bytes, "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
