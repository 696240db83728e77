"""crosscount's pages: a local read-only web app (``serve``) and a static report (``report``)
rendered from the same templates."""
