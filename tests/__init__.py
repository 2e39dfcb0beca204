"""Tests of the Applications (rez) addon."""
