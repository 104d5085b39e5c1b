"""``make demo``: the main job end to end on the embedded default, with loopback stand-ins for mail and chat."""
