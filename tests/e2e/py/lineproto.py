"""A checker for InfluxDB line protocol, written from the published grammar
(InfluxDB 2.x reference, "Line protocol"):

    measurement[,tag_key=tag_value...] field_key=field_value[,...] [timestamp]

- measurement: escape comma and space with a backslash; not empty
- tag keys, tag values, field keys: escape comma, equals sign and space; not empty
- field values: float (1, 1.5, -1.5e3; digits only is a float), integer (1i),
  unsigned (1u), boolean (t, true, F, FALSE, ...) or a double-quoted string
  in which a double quote and a backslash are escaped
- timestamp: an integer (nanoseconds by default)

Usage: python3 lineproto.py FILE   -- prints one line per point,
    "measurement<TAB>tags as k=v;...<TAB>fields as k=TYPE:v;...<TAB>timestamp",
exits 1 naming the first line that breaks the grammar."""
import re
import sys

FLOAT = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
INT = re.compile(r"[-+]?\d+i$")
UINT = re.compile(r"\d+u$")
BOOL = {"t", "T", "true", "True", "TRUE", "f", "F", "false", "False", "FALSE"}


class Bad(Exception):
    pass


def take_escaped(s, i, stops, escapable):
    """Read up to an unescaped char in stops; return (text, index)."""
    out = []
    while i < len(s) and s[i] not in stops:
        c = s[i]
        if c == "\\" and i + 1 < len(s) and s[i + 1] in escapable:
            out.append(s[i + 1])
            i += 2
            continue
        if c == "\n":
            raise Bad("newline inside an element")
        out.append(c)
        i += 1
    return "".join(out), i


def field_value(s, i):
    if i < len(s) and s[i] == '"':
        out = []
        i += 1
        while True:
            if i >= len(s):
                raise Bad("unclosed string field")
            c = s[i]
            if c == "\\" and i + 1 < len(s) and s[i + 1] in '"\\':
                out.append(s[i + 1])
                i += 2
                continue
            if c == '"':
                return ("string", "".join(out)), i + 1
            out.append(c)
            i += 1
    j = i
    while j < len(s) and s[j] not in ", ":
        j += 1
    v = s[i:j]
    if INT.match(v):
        return ("integer", v), j
    if UINT.match(v):
        return ("unsigned", v), j
    if v in BOOL:
        return ("boolean", v), j
    if FLOAT.match(v):
        return ("float", v), j
    raise Bad("field value %r is no float, integer, boolean or string" % v)


def parse(line):
    if not line or line.startswith("#"):
        raise Bad("empty line or comment")
    meas, i = take_escaped(line, 0, ", ", ", ")
    if not meas:
        raise Bad("no measurement")
    tags = []
    while i < len(line) and line[i] == ",":
        k, i = take_escaped(line, i + 1, "=", ",= ")
        if i >= len(line) or line[i] != "=" or not k:
            raise Bad("tag without key=value")
        v, i = take_escaped(line, i + 1, ", ", ",= ")
        if not v:
            raise Bad("empty tag value for %r" % k)
        tags.append((k, v))
    if i >= len(line) or line[i] != " ":
        raise Bad("no space before the fields")
    i += 1
    fields = []
    while True:
        k, i = take_escaped(line, i, "=", ",= ")
        if i >= len(line) or not k:
            raise Bad("field without key=value")
        v, i = field_value(line, i + 1)
        fields.append((k, v))
        if i < len(line) and line[i] == ",":
            i += 1
            continue
        break
    ts = None
    if i < len(line):
        if line[i] != " ":
            raise Bad("junk after the fields: %r" % line[i:])
        ts = line[i + 1:]
        if not re.match(r"-?\d+$", ts):
            raise Bad("timestamp %r is not an integer" % ts)
    if not fields:
        raise Bad("no field")
    return meas, tags, fields, ts


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    if text and not text.endswith("\n"):
        print("line protocol: the last line has no newline", file=sys.stderr)
        return 1
    for n, line in enumerate(text.split("\n")[:-1], 1):
        try:
            meas, tags, fields, ts = parse(line)
        except Bad as e:
            print("line protocol: line %d: %s: %s" % (n, e, line), file=sys.stderr)
            return 1
        print("%s\t%s\t%s\t%s" % (meas, ";".join("%s=%s" % t for t in tags),
              ";".join("%s=%s:%s" % (k, v[0], v[1]) for k, v in fields), ts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
