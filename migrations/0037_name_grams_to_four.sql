-- Name search for three and four characters through subject_gram (issue 14, decision 0038).
-- Until now subject_gram held the unigrams and bigrams of each public name, and a query of three
-- or four characters went to the trigram index, which finds the matches but must read each
-- match's heap row of `subject` (up to 10,001 of them for the capped count) to recheck it and to
-- rank it: random reads that no longer fit in memory at 2 M subjects (p95 ≈ 580 ms). With the
-- trigrams and 4-grams in the table too, a query of up to four characters is one range of the
-- btree in ranking order, read index-only, as one and two characters already were.
--
-- The rank is the same formula for every gram length (name starts with the gram: 0, else 10000,
-- plus the name length), which is the ranking the substring path computed from the heap for a
-- query of three or four characters (public_name LIKE q || '%' first, then the name length): the
-- results are the same rows in the same order (test/integration/name-search-grams.test.ts).
--
-- Cost: ≈ 2 × the rows in subject_gram (a name of L characters has at most 4L − 6 distinct grams
-- of 1–4 characters against 2L − 1 of 1–2), and as much more index maintenance for a new or
-- renamed public name. Queries of five or more characters keep the trigram index.

-- Not STRICT (0036): a STRICT set-returning SQL function is never inlined into its caller's plan;
-- a NULL name gives no grams all the same (generate_series(1, NULL) is empty).
CREATE OR REPLACE FUNCTION subject_grams(name text) RETURNS TABLE (gram text, rank smallint)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT g, (min(CASE WHEN i = 1 THEN 0 ELSE 10000 END) + least(char_length(name), 9999))::smallint
  FROM (SELECT substr(name, i, n) AS g, i FROM generate_series(1, 4) n, generate_series(1, char_length(name) - n + 1) i) x
  GROUP BY g
$$;

COMMENT ON TABLE subject_gram IS 'Every distinct piece of one to four characters of subject.public_name (0037; unigrams and bigrams before), maintained by the subject_gram_* triggers (0011, 0023, 0028). Read by the public name search for queries of one to four characters: WHERE gram = $q ORDER BY rank, subject_id is one index range in ranking order, read index-only.';

-- The existing names' new grams (three and four characters), in key order; the unigrams and
-- bigrams already there are the same rows the new function gives.
INSERT INTO subject_gram (gram, rank, subject_id, person)
SELECT g.gram, g.rank, s.id, s.kind = 'person' FROM subject s, subject_grams(s.public_name) g
WHERE s.public_name IS NOT NULL AND char_length(g.gram) >= 3
ORDER BY 1, 2, 3
ON CONFLICT DO NOTHING;
