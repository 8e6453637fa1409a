"""Settings for benchmarks/region.py's server: samordna's own, with the benchmark's URLs.

Only ROOT_URLCONF differs, so that the same server, in the same run, also answers the bare
view the pages are measured against (region_urls.py). Never used outside the benchmark.
"""

from samordna.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.region_urls"
