"""Returns: a shopper sends back lines of a delivered part, the vendor decides,
staff settle disputes."""
