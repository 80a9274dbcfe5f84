"""Subscriptions: the feeds a user follows (feeds.toml in the config folder), fetched by `reader fetch`
into the data folder to be read offline; only `reader feeds add` (to find the feed) and `reader fetch`
use the network."""
