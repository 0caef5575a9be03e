"""Tools for developers, not shipped with guidebuild: the benchmark (scripts/bench), Lighthouse
(scripts/lighthouse), screenshots (scripts/screenshot) and the project sandbox the tests copy.
They run from the project folder (``python -m guidetools.bench``)."""
