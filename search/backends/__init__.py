"""Search backends: Elasticsearch (when ELASTICSEARCH_URL is set) and PostgreSQL FTS."""
