-- Issue 12 (decision 0043): a full regrade grades without building the explanation; the explanation
-- of a grade written by a full run is built when the grade is first read (by the model that graded,
-- as of the day it was graded, used only if it agrees with the stored grade) and stored then.
ALTER TABLE classification_grade ALTER COLUMN explanation DROP NOT NULL;
COMMENT ON COLUMN classification_grade.explanation IS 'How the grade was decided (compact: by, rule, f = [indicator, points, count, record version ids], k = [domain, record version ids]). NULL when a full run wrote the grade (decision 0043): built on first read by the model named in model as of graded_on and stored if it agrees with grade, score, flags and review day; else the subject is graded again. The drain and on-the-spot grading always store it.';
