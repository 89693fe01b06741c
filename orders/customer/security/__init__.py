"""Sign-in that holds: throttled logins, second factors, known browsers and the
account's security trail and emails.

- `client`: the client's address, read from the proxy's header only when the
  request comes from a trusted proxy.
- `throttling`: django-axes's callables (who is counted, who is exempt, the
  lockout page) and the password reset limit.
- `browsers`: the signed cookie that names a browser, and the account's
  known browsers.
- `services`: second factors (enrolment, verification, recovery codes, staff
  reset) and `account_event_record`, which writes the trail and emails the
  account once per event.
- `middleware`: the cookie, and the second factor asked where it is required.
"""
