"""When each detainer form was in use: the dates that synthetic cases and comparison
examples give their requests' forms by.

Form I-247 until June 2015; then I-247D for a hold, I-247N for a notification and I-247X
for a transfer; and from 3 April 2017 Form I-247A for every request (the I-247N and
I-247X being kept for notification and transfer requests alone).
"""

from __future__ import annotations

import datetime as _dt

I247_UNTIL = _dt.date(2015, 6, 1)  # I-247 until then
I247_DNX_UNTIL = _dt.date(2017, 4, 3)  # I-247D, I-247N and I-247X until then; I-247A after
