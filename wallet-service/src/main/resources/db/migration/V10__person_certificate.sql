-- The certificate of each person (from person.changed), so that 1101 (person and insurance info by credential) can
-- find a person by the ID or social-security card presented. Personal data: masked in answers, never logged.
ALTER TABLE insured_person ADD COLUMN psn_cert_type VARCHAR(4);
ALTER TABLE insured_person ADD COLUMN certno VARCHAR(32);
CREATE INDEX insured_person_certno ON insured_person (upper(certno));
