package cn.familyaid.binding.service;

import cn.familyaid.binding.domain.Person;
import cn.familyaid.binding.problem.RuleViolation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import jakarta.persistence.LockModeType;

/**
 * Person reads with the locks the binding paths need (persons are always locked before plans). Take the lock
 * before any unlocked read of the same person in the transaction: a locked find of an entity the persistence
 * context already holds locks the row but does not re-read it.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Persons {

    /** Shared lock: the person cannot die, end or move until this transaction ends. */
    public Person shared(String psnNo) {
        Person p = Person.findById(psnNo, LockModeType.PESSIMISTIC_READ);
        if (p == null) {
            throw RuleViolation.notFound("person " + psnNo);
        }
        return p;
    }

    /** Exclusive lock: serialises with every binding created or ended for this person. */
    public Person exclusive(String psnNo) {
        Person p = Person.findById(psnNo, LockModeType.PESSIMISTIC_WRITE);
        if (p == null) {
            throw RuleViolation.notFound("person " + psnNo);
        }
        return p;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Person get(String psnNo) {
        Person p = Person.findById(psnNo);
        if (p == null) {
            throw RuleViolation.notFound("person " + psnNo);
        }
        return p;
    }
}
