"""The built site: bundled assets, start-up loader, staging, page cache store, social cards, offline zip, link check, new-section scaffold."""
