

def read_rows(path, delimiter=None):
    """The non-empty records of a CSV file as (line, fields); the delimiter sniffed among , ; TAB |
    when not given (',' when none fits)."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        if delimiter is None:
            sample = f.read(65536)
            f.seek(0)
            try:
                delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
            except csv.Error:
                delimiter = ","
        return [(i + 1, r) for i, r in enumerate(csv.reader(f, delimiter=delimiter)) if r]
