"""Building blocks of the demo-report generator (`lapor_core.generator`).

- JSON corpus: `places.json`, `people.json`, `officer.json`, `topics_*.json` (Indonesian text
  templates with slots, names, places of each distrik)
- `writer`: loads the corpus and writes titles, bodies and officer answers from it
- `timeline`: working-day tables, submission times and workflow stories
- `photo`: placeholder PNG photos
"""
