"""The assistance API's shapes (serializers): records, and industry projects."""
