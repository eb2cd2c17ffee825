"""Reports for leaders: aggregate figures of a school's or the trust's CPD, as JSON, CSV or an SVG chart."""
