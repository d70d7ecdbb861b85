-- Key occupational groups (issue 12, 职业信用): staff of an occupation's competent department list
-- its practitioners, the persons with current records naming the occupation. Records keep the
-- occupation in their fields (OCCUPATION, catalog/codelists/occupations.json); this index finds them.
CREATE INDEX record_occupation ON record ((fields->>'OCCUPATION'), subject_id)
  WHERE superseded_at IS NULL AND fields ? 'OCCUPATION';
