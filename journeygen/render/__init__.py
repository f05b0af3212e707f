"""Model + theme -> the files of the site, in memory: pages, exports, images, search, SEO."""
