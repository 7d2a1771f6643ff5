"""The seeds' pandas path, as the anchor of bench section 1: the same raw object the Node transform
reads (one JSON line per HTTP exchange, each body a Saramin page) -> one flat record per job ->
NDJSON bytes, the way a pandas script does it: json.loads, pd.json_normalize, vectorised column
work, DataFrame.to_json(lines=True). Prints one JSON line: {"ms": median of the runs, "rows": n}.

  .venv/bin/python bench/pandas_anchor.py <raw object .jsonl> [runs]
"""

import html
import json
import statistics
import sys
import time

import pandas as pd


def codes(s: pd.Series) -> pd.Series:
    return s.fillna("").astype(str).str.split(",").map(lambda xs: [x.strip() for x in xs if x.strip()])


def names(s: pd.Series) -> pd.Series:
    return s.map(lambda v: None if v is None or v != v else html.unescape(str(v)))


def seconds(s: pd.Series) -> pd.Series:
    n = pd.to_numeric(s, errors="coerce")
    return pd.to_datetime(n.where(n > 0), unit="s", utc=True)


def transform(raw: bytes) -> tuple[bytes, int]:
    jobs = []
    for line in raw.splitlines():
        if not line.strip():
            continue
        page = json.loads(json.loads(line)["body"])
        job = page["jobs"].get("job", [])
        jobs.extend(job if isinstance(job, list) else [job])
    df = pd.json_normalize(jobs)
    col = lambda name: df[name] if name in df else pd.Series([None] * len(df))  # noqa: E731
    posted = pd.to_numeric(col("posting-timestamp"), errors="coerce")
    expires = pd.to_numeric(col("expiration-timestamp"), errors="coerce")
    open_ended = (expires - posted) > 400 * 86_400
    max_years = pd.to_numeric(col("position.experience-level.max"), errors="coerce")
    out = pd.DataFrame(
        {
            "posting_id": col("id").astype(str),
            "url": col("url"),
            "is_active": pd.to_numeric(col("active"), errors="coerce") == 1,
            "company_name": names(col("company.detail.name")),
            "company_url": col("company.detail.href"),
            "title": names(col("position.title")),
            "industry_code": col("position.industry.code"),
            "industry_name": names(col("position.industry.name")),
            "location_codes": codes(col("position.location.code")),
            "location_names": codes(names(col("position.location.name"))),
            "job_type_codes": codes(col("position.job-type.code")),
            "job_type_names": codes(names(col("position.job-type.name"))),
            "job_mid_codes": codes(col("position.job-mid-code.code")),
            "job_mid_names": codes(names(col("position.job-mid-code.name"))),
            "job_codes": codes(col("position.job-code.code")),
            "job_names": codes(names(col("position.job-code.name"))),
            "experience_code": pd.to_numeric(col("position.experience-level.code"), errors="coerce").astype("Int64"),
            "experience_min_years": pd.to_numeric(col("position.experience-level.min"), errors="coerce").astype("Int64"),
            "experience_max_years": max_years.where(max_years != 0).astype("Int64"),
            "experience_name": names(col("position.experience-level.name")),
            "education_code": col("position.required-education-level.code"),
            "education_name": names(col("position.required-education-level.name")),
            "keywords": codes(col("keyword")),
            "salary_code": col("salary.code"),
            "salary_name": names(col("salary.name")),
            "close_type_code": col("close-type.code"),
            "close_type_name": names(col("close-type.name")),
            "posted_at": seconds(col("posting-timestamp")),
            "modified_at": seconds(col("modification-timestamp")).fillna(seconds(col("posting-timestamp"))),
            "opened_at": seconds(col("opening-timestamp")),
            "expires_at": seconds(col("expiration-timestamp")).where(~open_ended),
            "has_deadline": ~open_ended & expires.notna(),
            "posting_date_at": pd.to_datetime(col("posting-date"), utc=True, errors="coerce", format="ISO8601"),
            "read_count": pd.to_numeric(col("read-cnt"), errors="coerce").astype("Int64"),
            "apply_count": pd.to_numeric(col("apply-cnt"), errors="coerce").astype("Int64"),
        }
    )
    text = out.to_json(orient="records", lines=True, force_ascii=False, date_format="iso")
    return text.encode(), len(out)


def main() -> None:
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with open(path, "rb") as f:
        raw = f.read()
    _, rows = transform(raw)  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        transform(raw)
        times.append((time.perf_counter() - t0) * 1000)
    print(json.dumps({"ms": statistics.median(times), "rows": rows}))


if __name__ == "__main__":
    main()
